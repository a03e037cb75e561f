package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.conformance.Expect.goodSigner;
import static org.sealpost.core.conformance.Expect.invalid;
import static org.sealpost.core.conformance.Expect.refusingSha1;
import static org.sealpost.core.conformance.Expect.valid;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.cms.CmsContentType;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.inspect.Inspection;
import org.sealpost.core.smime.inspect.SmimeInspector;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * RFC 4134 "Examples of S/MIME Messages" (Bouncy Castle's bc-test-data copy). The .bin files are raw
 * DER CMS; each case wraps them in a minimal application/pkcs7-mime entity ({@link Vectors#asSmime})
 * and runs the engine on that. Carl (RSA and DSS) is the trust anchor. Every signature in RFC 4134
 * uses SHA-1, so each signed case asserts that SHA-1 is refused by default before checking the
 * example with weak digests allowed.
 */
final class Rfc4134Vectors {
    static final String DIR = "rfc4134-bc-test-data/rfc4134/";
    private static final String CONTENT = DIR + "ExContent.bin";
    private static final String SHA1_NOTE = " (SHA-1: refused by default, checked with weak digests allowed)";
    /** Inside the certificates' validity (1999 to 2039); the examples mostly carry no signing time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Rfc4134Vectors() {
    }

    static VerifyOptions options(Vectors v) throws Exception {
        return VerifyOptions.trusting(v.cert(DIR + "CarlRSASelf.cer"), v.cert(DIR + "CarlDSSSelf.cer"))
                .withDecryptionKeys(KeyHistory.of(v.identity(DIR + "BobPrivRSAEncrypt.pri", DIR + "BobRSASignByCarl.cer")))
                .withClock(CLOCK);
    }

    static List<VectorCase> cases() {
        List<VectorCase> c = new ArrayList<>();
        for (String name : List.of("3.1.bin", "3.2.bin")) {
            // A bare id-data ContentInfo is no S/MIME message type (RFC 8551 section 3.2 knows signed-data,
            // enveloped-data, authEnveloped-data, compressed-data and certs-only), so the engine recognises
            // it and refuses it with a clear message; its content is checked through 4.x and 5.x instead.
            c.add(new VectorCase(DIR + name,
                    "deliberately refused: a bare id-data ContentInfo is not S/MIME (its content is checked via 4.x/5.x)",
                    (v, p) -> {
                        byte[] der = v.cms(p);
                        assertThat(CmsContentType.peek(new BufferedInputStream(new ByteArrayInputStream(der))))
                                .isEqualTo(CmsContentType.DATA);
                        assertThatThrownBy(() -> Vectors.verify(Vectors.asSmime(der, "data"), options(v)))
                                .isInstanceOf(MalformedMessageException.class)
                                .hasMessageContaining("unsupported S/MIME content: CMS data");
                    }));
        }
        c.add(opaque("4.1.bin", "valid DSA/SHA-1 signature by AliceDSS", "alicedss@example.com"));
        c.add(opaque("4.2.bin", "valid RSA/SHA-1 signature by AliceRSA", "alicersa@example.com"));
        c.add(new VectorCase(DIR + "4.3.bin",
                "valid detached signature over ExContent.bin (verifyDetached; signed by AliceDSS, not RSA as the "
                        + "manifest says); altered content fails" + SHA1_NOTE,
                (v, p) -> {
                    Expect.Run run = o -> new Vectors.Verified(
                            new SmimeVerifier().verifyDetached(v.message(CONTENT), v.message(p), o), new byte[0]);
                    Vectors.Verified r = refusingSha1(run, true, options(v));
                    valid(r);
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, "alicedss@example.com", "sha-1"));
                    byte[] altered = v.bytes(CONTENT);
                    altered[0] ^= 1;
                    var tampered = new SmimeVerifier().verifyDetached(MessageSource.of(altered), v.message(p),
                            options(v).withWeakDigestsAllowed(true));
                    assertThat(tampered.valid()).isFalse();
                    assertThat(tampered.signers()).singleElement().satisfies(s -> assertThat(s.valid()).isFalse());
                }));
        // Our engine does not report countersignatures or content hints: 4.4's countersignature by AliceRSA
        // and its contentHint attribute go unchecked here (see the report of this suite).
        c.add(new VectorCase(DIR + "4.4.bin",
                "valid signature with signed attributes by AliceDSS (countersignature and contentHint: not reported "
                        + "by the engine)" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = signedData(v, p);
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        goodSigner(s, "alicedss@example.com", "sha-1");
                        assertThat(s.signingTime()).contains(Instant.parse("2003-05-14T15:39:00Z"));
                    });
                }));
        c.add(opaque("4.5.bin", "valid all-RSA signed message by AliceRSA", "alicersa@example.com"));
        c.add(new VectorCase(DIR + "4.6.bin",
                "valid: two signers, AliceDSS and DianeDSS whose DSA key inherits its parameters from CarlDSS" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = signedData(v, p);
                    assertThat(r.signers()).hasSize(2);
                    assertThat(r.signers().get(0)).satisfies(s -> goodSigner(s, "alicedss@example.com", "sha-1"));
                    assertThat(r.signers().get(1)).satisfies(s -> goodSigner(s, "dianedss@example.com", "sha-1"));
                }));
        c.add(opaque("4.7.bin", "valid signature by AliceDSS, signer identified by subject key identifier",
                "alicedss@example.com"));
        for (String name : List.of("4.8.eml", "4.9.eml")) {
            // The examples' From field says AliceDSS@examples.com, the certificate AliceDSS@example.com. The
            // address is checked only after the signature value, algorithm, key and key usage, so reaching
            // that reason shows the signature itself is correct; the message fails our sender binding.
            c.add(new VectorCase(DIR + name,
                    "invalid for us: From is AliceDSS@examples.com, the certificate says @example.com (sender "
                            + "binding, our policy); the signature itself is correct and trusted" + SHA1_NOTE,
                    (v, p) -> {
                        Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, options(v));
                        invalid(r, "not for the From address alicedss@examples.com");
                        assertThat(r.signers()).singleElement().satisfies(s -> {
                            assertThat(s.email()).contains("alicedss@example.com");
                            assertThat(s.valid()).isFalse();
                            assertThat(s.trusted()).isTrue();
                            assertThat(s.reason()).startsWith("the signer certificate is for alicedss@example.com");
                        });
                        assertThat(r.body()).isEqualTo(v.bytes(CONTENT));
                    }));
        }
        c.add(new VectorCase(DIR + "4.10.bin",
                "valid: signature over signed attributes sent in non-DER order (checked as sent, with a warning)"
                        + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = signedData(v, p);
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        goodSigner(s, "alicedss@example.com", "sha-1");
                        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("not DER encoded"));
                    });
                }));
        c.add(new VectorCase(DIR + "4.11.bin",
                "certificates only (Alice, Carl): nothing to verify, reported as such",
                (v, p) -> {
                    MessageSource wrapped = Vectors.asSmime(v.cms(p), "certs-only");
                    Inspection inspection = new SmimeInspector().inspect(wrapped);
                    assertThat(inspection.layers()).singleElement().isInstanceOfSatisfying(Inspection.Signed.class, s -> {
                        assertThat(s.signers()).isEmpty();
                        assertThat(s.contentIncluded()).isFalse();
                        assertThat(s.certificates()).isEqualTo(2);
                    });
                    Vectors.Verified r = Vectors.verify(wrapped, options(v));
                    invalid(r, "carries no content");
                    assertThat(r.signers()).isEmpty();
                }));
        for (String[] row : List.of(new String[] {"5.1.bin", "3des-cbc"}, new String[] {"5.2.bin", "rc2-cbc"})) {
            c.add(new VectorCase(DIR + row[0], "decrypts with Bob's key (" + row[1] + ") to ExContent.bin",
                    (v, p) -> {
                        MessageSource wrapped = Vectors.asSmime(v.cms(p), "enveloped-data");
                        Vectors.Decrypted d = Vectors.decrypt(wrapped, bob(v));
                        assertThat(d.cipher()).isEqualTo(row[1]);
                        assertThat(d.body()).isEqualTo(v.bytes(CONTENT));
                        Vectors.Verified r = Vectors.verify(wrapped, options(v));
                        invalid(r, "not signed");
                        assertThat(r.body()).isEqualTo(v.bytes(CONTENT));
                    }));
        }
        c.add(new VectorCase(DIR + "5.3.eml", "decrypts with Bob's key to ExContent.bin",
                (v, p) -> {
                    Vectors.Decrypted d = v.decrypt(p, bob(v));
                    assertThat(d.text()).contains("Subject: Example 5.3");
                    assertThat(d.body()).isEqualTo(v.bytes(CONTENT));
                }));
        // DigestedData is no S/MIME message type either; the engine names what it found.
        c.add(new VectorCase(DIR + "6.0.bin",
                "deliberately refused: DigestedData is not an S/MIME content type",
                (v, p) -> assertThatThrownBy(() -> Vectors.verify(Vectors.asSmime(v.cms(p), "digested-data"), options(v)))
                        .isInstanceOf(MalformedMessageException.class)
                        .hasMessageContaining("unsupported CMS content type 1.2.840.113549.1.7.5")));
        return c;
    }

    private static org.sealpost.core.keys.Identity bob(Vectors v) throws Exception {
        return v.identity(DIR + "BobPrivRSAEncrypt.pri", DIR + "BobRSASignByCarl.cer");
    }

    private static VectorCase opaque(String name, String expectation, String email) {
        return new VectorCase(DIR + name, expectation + "; content is ExContent.bin" + SHA1_NOTE, (v, p) -> {
            Vectors.Verified r = signedData(v, p);
            assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, email, "sha-1"));
        });
    }

    /** Wraps a signed-data .bin, asserts the SHA-1 refusal, then validity and content with weak digests allowed. */
    private static Vectors.Verified signedData(Vectors v, String p) throws Exception {
        MessageSource wrapped = Vectors.asSmime(v.cms(p), "signed-data");
        Vectors.Verified r = refusingSha1(o -> Vectors.verify(wrapped, o), true, options(v));
        valid(r);
        assertThat(r.body()).isEqualTo(v.bytes(CONTENT));
        return r;
    }

    static List<VectorCase.Skipped> skipped() {
        return List.of(
                new VectorCase.Skipped(DIR + "7.1.bin", "UNDETERMINED in the manifest: the symmetric key was not extracted"),
                new VectorCase.Skipped(DIR + "7.2.bin", "UNDETERMINED in the manifest: the symmetric key was not extracted"));
    }
}
