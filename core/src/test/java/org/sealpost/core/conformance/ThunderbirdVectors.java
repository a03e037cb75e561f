package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.conformance.Expect.decryptedLayer;
import static org.sealpost.core.conformance.Expect.goodSigner;
import static org.sealpost.core.conformance.Expect.invalid;
import static org.sealpost.core.conformance.Expect.refusingSha1;
import static org.sealpost.core.conformance.Expect.signedLayer;
import static org.sealpost.core.conformance.Expect.untrustedSigner;
import static org.sealpost.core.conformance.Expect.valid;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * Thunderbird's S/MIME test data (NSS-generated, plus OpenSSL interop and hand-made nesting).
 *
 * <p>Where Thunderbird's result is display policy rather than cryptography, we assert the
 * cryptographic result and say so in the case name:
 * <ul>
 *   <li>Thunderbird ignores a signature around an encrypted part (bug 1806161). We verify it: a
 *       correct outer signature is reported as valid, a failing one makes the message invalid.</li>
 *   <li>Thunderbird reports BAD whenever a multipart/signed layer is nested in another signature.
 *       We check each layer; both of Dave's and Alice's signatures are correct and trusted, so the
 *       message is valid. Alice is not the sender (From: Dave) and her signer result carries a
 *       warning saying so (SenderBinding).</li>
 *   <li>Thunderbird compares the Date header with the signing time; that is not part of the
 *       signature, so alice.future.* is valid for us.</li>
 *   <li>SHA-1 signatures are refused by default, as by Thunderbird; each SHA-1 case asserts the
 *       refusal and then the vector's expectation with weak digests allowed.</li>
 * </ul>
 */
final class ThunderbirdVectors {
    static final String SMIME = "thunderbird/mailnews/test/data/smime/";
    static final String INTEROP = "thunderbird/mailnews/test/data/smime-interop/";
    static final String MANUAL = "thunderbird/mailnews/test/data/smime-manual/";
    static final String BROWSER = "thunderbird/mail/test/browser/smime/data/";
    static final String OPENPGP = "thunderbird/mail/test/browser/openpgp/data/eml/";

    private static final List<String> SHAS = List.of("SHA1", "SHA256", "SHA384", "SHA512");
    private static final String TEXT = "This is a test message from Alice to Bob.";
    private static final String ALICE = "alice@example.com";
    private static final String DAVE = "dave@example.com";
    /** Inside the certificates' validity (2026-01-26 to 2031-01-26); used only without a signing time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private ThunderbirdVectors() {
    }

    /** TestCA.pem of the vector's directory as trust anchor, Bob's key for encrypted layers. */
    static VerifyOptions options(Vectors v, String dir) throws Exception {
        return VerifyOptions.trusting(v.cert(dir + "TestCA.pem"))
                .withDecryptionKeys(KeyHistory.of(v.p12(dir + "Bob.p12")))
                .withClock(CLOCK);
    }

    static List<VectorCase> cases() {
        List<VectorCase> c = new ArrayList<>();
        for (String sha : SHAS) {
            perDigest(c, sha);
        }
        single(c);
        interop(c);
        manual(c);
        browser(c);
        return c;
    }

    private static String sha1Note(boolean sha1) {
        return sha1 ? " (SHA-1: refused by default, our policy as Thunderbird's; checked with weak digests allowed)" : "";
    }

    private static void perDigest(List<VectorCase> c, String sha) {
        boolean sha1 = sha.equals("SHA1");
        String digest = "sha-" + sha.substring(3);
        String note = sha1Note(sha1);

        c.add(new VectorCase(SMIME + "alice.dsig." + sha + ".multipart.bad.eml", "invalid: signed text altered",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME).withWeakDigestsAllowed(true));
                    invalid(r, "altered");
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        assertThat(s.email()).contains(ALICE);
                        assertThat(s.valid()).isFalse();
                        assertThat(s.reason()).contains("altered after signing");
                    });
                }));

        c.add(new VectorCase(SMIME + "alice.dsig." + sha + ".multipart.eml", "valid detached signature by Alice" + note,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                    valid(r);
                    assertThat(r.layers()).singleElement().satisfies(l -> signedLayer(l, SignatureForm.DETACHED));
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, digest));
                    assertThat(r.text()).contains(TEXT);
                }));

        c.add(new VectorCase(SMIME + "alice.dsig." + sha + ".multipart.env.eml",
                "decrypts with Bob's key; inner detached signature by Alice valid" + note,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                    valid(r);
                    assertThat(r.layers()).hasSize(2);
                    decryptedLayer(r.layers().get(0));
                    signedLayer(r.layers().get(1), SignatureForm.DETACHED);
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, digest));
                    assertThat(r.text()).contains(TEXT);
                }));

        c.add(new VectorCase(SMIME + "alice.dsig." + sha + ".multipart.mismatch-econtent.eml",
                "invalid: the signature embeds content that differs from the signed MIME part",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME).withWeakDigestsAllowed(true));
                    invalid(r, "embeds content that differs");
                    assertThat(r.signedLayer(0).problem()).hasValueSatisfying(
                            problem -> assertThat(problem).contains("embeds content that differs from the signed MIME part"));
                }));

        // The outer detached signature of alice.env.dsig.* was computed over the signed part with LF line
        // endings (its messageDigest is the hash of the LF form); the message carries it with CRLF, the
        // canonical form RFC 8551 section 3.1.1 requires, and over that the digest does not match. OpenSSL
        // agrees (see MANIFEST notes); Thunderbird never looks at that layer.
        c.add(new VectorCase(SMIME + "alice.env.dsig." + sha + ".multipart.eml",
                "invalid: outer detached signature made over LF, not canonical CRLF, text (Thunderbird ignores "
                        + "outer signatures, we check them); still decrypts with Bob's key",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME).withWeakDigestsAllowed(true));
                    invalid(r, "altered");
                    assertThat(r.layers()).hasSize(2);
                    assertThat(r.signedLayer(0).signers()).singleElement().satisfies(s -> {
                        assertThat(s.email()).contains(ALICE);
                        assertThat(s.valid()).isFalse();
                        assertThat(s.trusted()).isTrue();
                        assertThat(s.reason()).contains("altered after signing");
                    });
                    decryptedLayer(r.layers().get(1));
                    assertThat(r.text()).contains(TEXT);
                }));

        c.add(new VectorCase(SMIME + "alice.env.dsig." + sha + ".multipart.dave.sig." + sha + ".opaque.eml",
                "invalid: Dave's outer signature is good, Alice's detached signature inside it does not match "
                        + "(LF-signed, as alice.env.dsig.*); decrypts" + note,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                    invalid(r, ALICE, "altered");
                    assertThat(r.layers()).hasSize(3);
                    signedLayer(r.layers().get(0), SignatureForm.OPAQUE);
                    assertThat(r.signedLayer(0).signers()).singleElement().satisfies(s -> goodSigner(s, DAVE, digest));
                    assertThat(r.signedLayer(1).signers()).singleElement().satisfies(s -> {
                        assertThat(s.email()).contains(ALICE);
                        assertThat(s.valid()).isFalse();
                        assertThat(s.reason()).contains("altered after signing");
                    });
                    decryptedLayer(r.layers().get(2));
                    assertThat(r.text()).contains(TEXT);
                }));

        c.add(new VectorCase(SMIME + "alice.env.sig." + sha + ".opaque.eml",
                "valid: Alice's opaque signature around the encrypted part (Thunderbird ignores it, we verify it); "
                        + "decrypts" + note,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                    valid(r);
                    assertThat(r.layers()).hasSize(2);
                    signedLayer(r.layers().get(0), SignatureForm.OPAQUE);
                    decryptedLayer(r.layers().get(1));
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, digest));
                    assertThat(r.text()).contains(TEXT);
                }));

        c.add(new VectorCase(SMIME + "alice.env.sig." + sha + ".opaque.dave.sig." + sha + ".opaque.eml",
                "valid: Dave's signature around Alice's signed, encrypted message; Alice warned as not the sender; "
                        + "decrypts" + note,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                    valid(r);
                    assertThat(r.layers()).hasSize(3);
                    assertThat(r.signedLayer(0).signers()).singleElement().satisfies(s -> {
                        goodSigner(s, DAVE, digest);
                        assertThat(s.warnings()).isEmpty();
                    });
                    assertThat(r.signedLayer(1).signers()).singleElement().satisfies(s -> notTheSender(s, digest));
                    decryptedLayer(r.layers().get(2));
                    assertThat(r.text()).contains(TEXT);
                }));

        for (String suffix : List.of("", ".env")) {
            boolean env = suffix.equals(".env");
            c.add(new VectorCase(SMIME + "alice.html.sig." + sha + ".opaque" + suffix + ".eml",
                    "valid opaque signature by Alice over text/html" + (env ? "; decrypts with Bob's key" : "") + note,
                    (v, p) -> {
                        Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                        valid(r);
                        assertThat(r.layers()).hasSize(env ? 2 : 1);
                        if (env) {
                            decryptedLayer(r.layers().get(0));
                        }
                        signedLayer(r.signedLayer(0), SignatureForm.OPAQUE);
                        assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, digest));
                        assertThat(r.text()).contains("Content-Type: text/html", "<html><body>" + TEXT + "</body></html>");
                    }));
            c.add(new VectorCase(SMIME + "alice.sig." + sha + ".opaque" + suffix + ".eml",
                    "valid opaque signature by Alice" + (env ? "; decrypts with Bob's key" : "") + note,
                    (v, p) -> {
                        Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                        valid(r);
                        assertThat(r.layers()).hasSize(env ? 2 : 1);
                        if (env) {
                            decryptedLayer(r.layers().get(0));
                        }
                        signedLayer(r.signedLayer(0), SignatureForm.OPAQUE);
                        assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, digest));
                        assertThat(r.text()).contains(TEXT);
                    }));
        }

        for (String inner : List.of("dsig", "sig")) {
            for (String outer : List.of("dsig", "sig")) {
                SignatureForm innerForm = inner.equals("dsig") ? SignatureForm.DETACHED : SignatureForm.OPAQUE;
                SignatureForm outerForm = outer.equals("dsig") ? SignatureForm.DETACHED : SignatureForm.OPAQUE;
                String path = SMIME + "alice.plain." + inner + "." + sha + "." + kind(inner) + ".dave." + outer + "." + sha
                        + "." + kind(outer) + ".eml";
                c.add(new VectorCase(path,
                        "valid: Dave's " + kind(outer) + " signature around Alice's " + kind(inner)
                                + " one, both correct and trusted; Alice warned as not the sender (Thunderbird: BAD "
                                + "for nested multipart/signed, a display policy)" + note,
                        (v, p) -> {
                            Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, options(v, SMIME));
                            valid(r);
                            assertThat(r.layers()).hasSize(2);
                            signedLayer(r.layers().get(0), outerForm);
                            signedLayer(r.layers().get(1), innerForm);
                            assertThat(r.signedLayer(0).signers()).singleElement().satisfies(s -> {
                                goodSigner(s, DAVE, digest);
                                assertThat(s.warnings()).isEmpty();
                            });
                            assertThat(r.signedLayer(1).signers()).singleElement().satisfies(s -> notTheSender(s, digest));
                            assertThat(r.text()).contains(TEXT);
                        }));
            }
        }

        // Raw DER made by an earlier NSS run: the embedded Alice certificate (2019) was issued by an older
        // "NSS Test CA" key than today's TestCA.pem, so the signatures are correct but not trusted.
        c.add(new VectorCase(SMIME + "alice.mime.dsig." + sha,
                "detached DER signature over alice.mime: correct, but Alice's 2019 certificate does not chain to "
                        + "the current TestCA.pem (stale NSS output), so not trusted" + note,
                (v, p) -> {
                    Expect.Run run = o -> new Vectors.Verified(new SmimeVerifier().verifyDetached(
                            v.message(SMIME + "alice.mime"), v.message(p), o), new byte[0]);
                    Vectors.Verified r = refusingSha1(run, sha1, options(v, SMIME));
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> untrustedSigner(s, ALICE, digest));
                    byte[] altered = v.bytes(SMIME + "alice.mime");
                    altered[altered.length - 3] ^= 1;
                    var tampered = new SmimeVerifier().verifyDetached(MessageSource.of(altered), v.message(p),
                            options(v, SMIME).withWeakDigestsAllowed(true));
                    assertThat(tampered.signers()).singleElement().satisfies(s -> assertThat(s.reason()).contains("altered"));
                }));

        c.add(new VectorCase(SMIME + "alice.textplain.sig." + sha,
                "DER signed-data carrying alice.textplain: correct, content extracted, but the 2019 certificate does "
                        + "not chain to the current TestCA.pem, so not trusted" + note,
                (v, p) -> {
                    MessageSource wrapped = Vectors.asSmime(v.cms(p), "signed-data");
                    Vectors.Verified r = refusingSha1(o -> Vectors.verify(wrapped, o), sha1, options(v, SMIME));
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> untrustedSigner(s, ALICE, digest));
                    assertThat(r.text()).contains("Content-Type: text/plain");
                    assertThat(r.body()).isEqualTo(Vectors.body(v.bytes(SMIME + "alice.textplain")));
                }));
    }

    private static String kind(String sig) {
        return sig.equals("dsig") ? "multipart" : "opaque";
    }

    /** Alice's correct, trusted signature inside a message From: Dave. */
    private static void notTheSender(SignerResult s, String digest) {
        goodSigner(s, ALICE, digest);
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("not for the From address " + DAVE));
    }

    private static void single(List<VectorCase> c) {
        c.add(new VectorCase(SMIME + "alice.env.eml", "decrypts with Bob's key; not signed", ThunderbirdVectors::envelopedOnly));

        c.add(new VectorCase(SMIME + "alice.future.dsig.SHA256.multipart.eml",
                "valid: the Date header is 6h after the signing time; Thunderbird flags that as display policy, the "
                        + "signature itself is correct",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME));
                    valid(r);
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        goodSigner(s, ALICE, "sha-256");
                        assertThat(s.signingTime()).isPresent();
                    });
                }));
    }

    static void envelopedOnly(Vectors v, String p) throws Exception {
        String dir = p.substring(0, p.lastIndexOf('/') + 1);
        Vectors.Decrypted d = v.decrypt(p, v.p12(dir + "Bob.p12"));
        assertThat(d.text()).contains("From: Alice@example.com", TEXT);
        Vectors.Verified r = v.verify(p, options(v, dir));
        invalid(r, "not signed");
        assertThat(r.layers()).singleElement().satisfies(Expect::decryptedLayer);
        assertThat(r.text()).contains(TEXT);
    }

    private static void interop(List<VectorCase> c) {
        for (String variant : List.of("fran-oaep_ossl", "fran-oaep-label_ossl", "fran-oaep-sha256hash_ossl",
                "fran-oaep-sha256hash-sha256mgf_ossl")) {
            c.add(new VectorCase(INTEROP + variant + ".env", "decrypts with Fran's RSA key (RSAES-OAEP variant)",
                    (v, p) -> assertThat(v.decrypt(p, v.p12(INTEROP + "Fran.p12")).text())
                            .contains("This is a test message to Fran.")));
        }
        for (String cipher : List.of("aes128", "aes256")) {
            String kdf = cipher.equals("aes128") ? "sha256" : "sha512";
            c.add(new VectorCase(INTEROP + "fran-ec_ossl-" + cipher + "-" + kdf + ".env",
                    "decrypts with Fran's P-384 key (ECDH, " + cipher + ", " + kdf + " KDF)",
                    (v, p) -> {
                        Vectors.Decrypted d = v.decrypt(p, v.p12(INTEROP + "Fran-ec.p12"));
                        assertThat(d.cipher()).isEqualTo(cipher + "-cbc");
                        assertThat(d.text()).contains("This is a test message to Fran.");
                    }));
        }
    }

    private static void manual(List<VectorCase> c) {
        c.add(new VectorCase(MANUAL + "alice.env.mixed.dsig.SHA256.multipart.eml",
                "invalid signature; the encrypted part inside multipart/mixed is not opened (as Thunderbird)",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME));
                    invalid(r, "altered");
                    assertThat(r.layers()).singleElement().isInstanceOf(Layer.Signed.class);
                    assertThat(r.signers()).singleElement().satisfies(s -> assertThat(s.valid()).isFalse());
                }));
        for (String name : List.of("alice.dsig.SHA256.multipart.env.dsig.eml", "outer-smime-bad-sig-inner-smime-enc-sig.eml")) {
            c.add(new VectorCase(MANUAL + name,
                    "invalid: the outer signature does not match (Thunderbird ignores it, we do not); decrypts; inner "
                            + "signature by Alice valid",
                    (v, p) -> {
                        Vectors.Verified r = v.verify(p, options(v, SMIME));
                        invalid(r, "altered");
                        assertThat(r.layers()).hasSize(3);
                        assertThat(r.signedLayer(0).signers()).singleElement()
                                .satisfies(s -> assertThat(s.valid()).isFalse());
                        decryptedLayer(r.layers().get(1));
                        assertThat(r.signedLayer(1).signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, "sha-256"));
                        assertThat(r.text()).contains(TEXT);
                    }));
        }
        c.add(new VectorCase(MANUAL + "outer-smime-bad-sig-inner-smime-enc.eml",
                "invalid: the outer signature does not match (Thunderbird ignores it, we do not); decrypts",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, SMIME));
                    invalid(r, "altered");
                    assertThat(r.layers()).hasSize(2);
                    decryptedLayer(r.layers().get(1));
                    assertThat(r.text()).contains(TEXT);
                }));
    }

    private static void browser(List<VectorCase> c) {
        c.add(new VectorCase(BROWSER + "alice.dsig.SHA256.multipart.env.eml",
                "as the mailnews copy: decrypts; inner detached signature by Alice valid",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, BROWSER));
                    valid(r);
                    decryptedLayer(r.layers().get(0));
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, "sha-256"));
                }));
        c.add(new VectorCase(BROWSER + "alice.env.eml", "as the mailnews copy: decrypts; not signed",
                ThunderbirdVectors::envelopedOnly));
        c.add(new VectorCase(BROWSER + "alice.sig.SHA256.opaque.eml", "as the mailnews copy: valid opaque signature",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, BROWSER));
                    valid(r);
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, "sha-256"));
                }));
        for (String name : List.of("alice.sig.SHA256.opaque.env.eml", "alice.html.sig.SHA256.opaque.env.eml")) {
            c.add(new VectorCase(BROWSER + name, "as the mailnews copy: decrypts; valid opaque signature",
                    (v, p) -> {
                        Vectors.Verified r = v.verify(p, options(v, BROWSER));
                        valid(r);
                        decryptedLayer(r.layers().get(0));
                        assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, "sha-256"));
                        assertThat(r.text()).contains(TEXT);
                    }));
        }
        // Not the same as the mailnews copy, as the manifest says: this file was signed at 09:16 on the day the
        // test CA was generated, by an Alice certificate from an earlier CA key with the same name. Against
        // the TestCA.pem shipped next to it the certificate signature fails (OpenSSL: "certificate signature
        // failure"), so the correct result is a good signature value by an untrusted signer.
        c.add(new VectorCase(BROWSER + "alice.html.sig.SHA256.opaque.eml",
                "NOT as the mailnews copy: signature correct, but Alice's certificate is from an earlier CA key "
                        + "than the TestCA.pem beside it, so not trusted",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, BROWSER));
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> untrustedSigner(s, ALICE, "sha-256"));
                    assertThat(r.text()).contains("<html><body>" + TEXT);
                }));
        for (String[] row : List.of(new String[] {"alice.dsig.SHA256.multipart.in.mixed.eml", "1", "2"},
                new String[] {"alice.dsig.SHA256.multipart.in.mixed.with.header.eml", "2", "1"})) {
            String signed = row[1];
            String unsigned = row[2];
            c.add(new VectorCase(BROWSER + row[0],
                    "message as a whole not signed (a list added an unsigned part); verifyPart(" + signed
                            + ") (Thunderbird's part 1." + signed + "): Alice's signature valid",
                    (v, p) -> {
                        invalid(v.verify(p, options(v, BROWSER)), "not signed");
                        Vectors.Verified part = v.verifyPart(p, signed, options(v, BROWSER));
                        valid(part);
                        assertThat(part.layers()).singleElement().satisfies(l -> signedLayer(l, SignatureForm.DETACHED));
                        assertThat(part.signers()).singleElement().satisfies(s -> goodSigner(s, ALICE, "sha-256"));
                        assertThat(part.text()).contains(TEXT).doesNotContain("mailing list");
                        Vectors.Verified footer = v.verifyPart(p, unsigned, options(v, BROWSER));
                        invalid(footer, "not signed");
                        assertThat(footer.text()).contains("test-list");
                    }));
        }
        c.add(new VectorCase(BROWSER + "multipart-alternative.eml",
                "no decryption oracle: encrypted parts inside multipart/alternative are not opened, the secret does not "
                        + "leak",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, options(v, BROWSER));
                    invalid(r, "not signed");
                    assertThat(r.layers()).isEmpty();
                    assertThat(r.text()).doesNotContain("SECRET-TEXT");
                    assertThatThrownBy(() -> v.decrypt(p, v.p12(BROWSER + "Bob.p12")))
                            .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not encrypted");
                    // The secret is there and Bob's key opens it when a part is asked for explicitly, so the
                    // assertions above are not vacuous.
                    String opened = v.verifyPart(p, "1", options(v, BROWSER)).text() + v.verifyPart(p, "2", options(v, BROWSER)).text();
                    assertThat(opened).contains("SECRET-TEXT");
                }));
    }

    static List<VectorCase.Skipped> skipped() {
        List<VectorCase.Skipped> s = new ArrayList<>();
        String stale = "UNDETERMINED in the manifest: stale NSS intermediate, not used by Thunderbird's tests";
        for (String sha : SHAS) {
            s.add(new VectorCase.Skipped(SMIME + "alice.dsig." + sha + ".multipart", stale));
            s.add(new VectorCase.Skipped(SMIME + "alice.dsig." + sha + ".multipart.env",
                    stale + "; encrypted to an old CA certificate no key here matches"));
            s.add(new VectorCase.Skipped(SMIME + "alice.dsig." + sha + ".multipart.mismatch-econtent", stale));
            s.add(new VectorCase.Skipped(SMIME + "alice.sig." + sha + ".opaque", stale));
            s.add(new VectorCase.Skipped(SMIME + "alice.sig." + sha + ".opaque.env",
                    stale + "; encrypted to an old CA certificate no key here matches"));
        }
        s.add(new VectorCase.Skipped(SMIME + "alice.mime.env", stale + "; encrypted to an old CA certificate no key here matches"));
        s.add(new VectorCase.Skipped(SMIME + "alice.mime", "input, not a vector: the content the alice.mime.dsig.* cases verify"));
        s.add(new VectorCase.Skipped(SMIME + "alice.textplain",
                "input, not a vector: the content the alice.textplain.sig.* cases compare with"));
        for (String name : List.of("outer-pgp-sig-inner-smime-enc-sig.eml", "outer-pgp-sig-inner-smime-enc.eml")) {
            s.add(new VectorCase.Skipped(MANUAL + name, "UNDETERMINED in the manifest: OpenPGP browser test data"));
        }
        s.add(new VectorCase.Skipped(BROWSER + "nested-sigs.eml", "UNDETERMINED in the manifest (browser_nestedSMimeSigs.js)"));
        for (String name : List.of("inner-smime-sig-in-pgp-encrypted.eml", "outer-smime-bad-sig-inner-pgp-enc-sig-with-mixed.eml",
                "outer-smime-bad-sig-inner-pgp-enc-sig.eml", "outer-smime-bad-sig-inner-pgp-enc.eml")) {
            s.add(new VectorCase.Skipped(OPENPGP + name, "UNDETERMINED in the manifest: OpenPGP nesting, OpenPGP keys not included"));
        }
        return s;
    }
}
