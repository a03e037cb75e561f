package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.conformance.Expect.goodSigner;
import static org.sealpost.core.conformance.Expect.invalid;
import static org.sealpost.core.conformance.Expect.refusingSha1;
import static org.sealpost.core.conformance.Expect.untrustedSigner;
import static org.sealpost.core.conformance.Expect.valid;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.inspect.Inspection;
import org.sealpost.core.smime.inspect.SmimeInspector;
import org.sealpost.core.smime.verify.VerifyOptions;

/**
 * Bouncy Castle's S/MIME test messages (bcmail). Most are real-world messages whose certificates
 * chain to roots that are not part of the test data: for those the signature value is what BC's
 * tests check, and what we assert (signer valid, not trusted). The validator.* messages come with
 * validator.root.crt and check the policy on top. Nearly all of them are SHA-1: such cases first
 * assert that SHA-1 is refused by default.
 */
final class BouncyCastleVectors {
    static final String DIR = "bouncycastle/mail/src/test/resources/org/bouncycastle/mail/smime/test/";
    private static final String SHA1_NOTE = " (SHA-1: refused by default, checked with weak digests allowed)";
    /** Used only by messages without a signing time. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2010-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** NewSMIMEEnvelopedTest's testMessage, as Bouncy Castle's tests state it. */
    private static final String DIRECT_MAIL = "Content-Description: A mail following the DIRECT project specifications\r\n"
            + "\r\n------=_Part_0_260396386.1352904750132\r\n"
            + "Content-Type: text/plain; name=null; charset=us-ascii\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "Content-Disposition: inline; filename=null\r\n"
            + "\r\nCiao from vienna\r\n"
            + "------=_Part_0_260396386.1352904750132--\r\n";

    private BouncyCastleVectors() {
    }

    /** No trust anchor: these certificates chain to real-world roots that are not in the test data. */
    static VerifyOptions untrusted() {
        return VerifyOptions.trusting().withClock(CLOCK);
    }

    static VerifyOptions validator(Vectors v) throws Exception {
        return VerifyOptions.trusting(v.cert(DIR + "validator.root.crt")).withClock(CLOCK).withWeakDigestsAllowed(true);
    }

    static List<VectorCase> cases() {
        List<VectorCase> c = new ArrayList<>();
        c.add(correctButUntrusted("quotable.message", "arminha@student.ethz.ch", "sha-1", "quoted-printable content"));
        c.add(correctButUntrusted("embeddedmulti.message", "hauser@privasphere.com", "sha-1", "signed nested multipart"));
        c.add(correctButUntrusted("openssl-signed-sha256-non-default-salt-length.eml", "test@example.com", "sha-256",
                "RSASSA-PSS with a non-default salt length"));
        c.add(correctButUntrusted("multi-alternative.eml", "edifact@landenergie.de", "sha-1", "signed multipart/alternative"));
        c.add(correctButUntrusted("qp-soft-break.eml", "martijn@izecom.com", "sha-1", "quoted-printable soft line breaks"));

        // BC's test only checks the signature value. Its certificate is for test@example.com while the
        // message is From martijn@djigzo.com: our sender binding fails it. That check comes after the
        // signature value, algorithm, key and key usage checks, so its being the reason shows the rest passed.
        c.add(new VectorCase(DIR + "extra-nl.eml",
                "invalid for us: certificate for test@example.com, From martijn@djigzo.com (sender binding, our "
                        + "policy); the signature itself is correct" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, untrusted());
                    invalid(r, "not for the From address martijn@djigzo.com");
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        assertThat(s.valid()).isFalse();
                        assertThat(s.reason()).startsWith("the signer certificate is for test@example.com");
                    });
                }));

        // Outlook for Mac sent its signed attributes unsorted (not DER) and signed them as sent. BC checks the
        // signature over the re-sorted DER form and expects false; OpenSSL checks over the bytes as sent and
        // says valid, as does RFC 4134's example 4.10 with the same property. We follow OpenSSL (with a
        // warning): the attribute values are read from the very bytes the signature covers.
        c.add(new VectorCase(DIR + "3nnn_smime.eml",
                "correct for us (BC says false, OpenSSL valid): signed attributes unsorted and signed as sent; "
                        + "warning; not trusted (no root)",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, untrusted());
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        untrustedSigner(s, "bruce_hoff@hotmail.com", "sha-256");
                        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("not DER encoded"));
                    });
                }));

        // AS2 messages are HTTP requests: the request line is transport framing, not part of the MIME entity,
        // and the engine (a mail engine) refuses it. An AS2 receiver hands the headers and body on, which is
        // what the second half feeds in. AS2 partner certificates are not mail certificates: one names no
        // email address, the other another address than From, so our sender binding fails them; those checks
        // come after the signature value, which is correct.
        c.add(new VectorCase(DIR + "basicAS2.message",
                "HTTP request line refused; without it: signature correct, certificate names no email address "
                        + "(our sender binding)" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = as2(v, p);
                    invalid(r, "names no email address");
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        assertThat(s.subject()).contains("CN=BTRADE AS2");
                        assertThat(s.reason()).isEqualTo("the signer certificate names no email address");
                    });
                }));
        c.add(new VectorCase(DIR + "rawAS2.message",
                "HTTP request line refused; without it: signature correct, certificate for another address than "
                        + "From (our sender binding)" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = as2(v, p);
                    invalid(r, "not for the From address parcuri@btrade.com");
                    assertThat(r.signers()).singleElement()
                            .satisfies(s -> assertThat(s.reason()).startsWith("the signer certificate is for opensystems@stercomm.com"));
                }));

        for (String[] row : List.of(new String[] {"test128.message", "aes128-cbc"}, new String[] {"test192.message", "aes192-cbc"},
                new String[] {"test256.message", "aes256-cbc"})) {
            c.add(new VectorCase(DIR + row[0], "decrypts with key.pem (" + row[1] + ") to BC's DIRECT test mail",
                    (v, p) -> {
                        Vectors.Decrypted d = v.decrypt(p, v.identity(DIR + "key.pem", DIR + "cert.pem"));
                        assertThat(d.cipher()).isEqualTo(row[1]);
                        assertThat(d.text()).contains("Content-Type: multipart/mixed;", DIRECT_MAIL);
                    }));
        }

        c.add(new VectorCase(DIR + "dotnet_encrypted_mail.eml",
                "recipient is dotnet_enc_cert.pem by subject key identifier; no key, so it does not decrypt",
                (v, p) -> {
                    X509Certificate cert = v.cert(DIR + "dotnet_enc_cert.pem");
                    byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                            cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
                    String id = "ski=" + HexFormat.of().formatHex(ski);
                    Inspection inspection = new SmimeInspector().inspect(v.message(p));
                    assertThat(inspection.layers()).singleElement().isInstanceOfSatisfying(Inspection.Enveloped.class,
                            e -> assertThat(e.recipients()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id)));
                    assertThatThrownBy(() -> v.decrypt(p, v.identity(DIR + "key.pem", DIR + "cert.pem")))
                            .isInstanceOf(DecryptionException.class)
                            .hasMessageContaining("matches any of the 1 recipient(s)")
                            .hasMessageContaining(id);
                }));

        // BC's test opens this signed-data as an envelope and expects "Malformed content."; the same request
        // to our decryptor must fail as malformed too.
        c.add(new VectorCase(DIR + "brokenEnv.message", "opening it as an envelope fails: malformed, not encrypted",
                (v, p) -> assertThatThrownBy(() -> v.decrypt(p, v.identity(DIR + "key.pem", DIR + "cert.pem")))
                        .isInstanceOf(MalformedMessageException.class)
                        .hasMessageContaining("not encrypted")));

        c.add(new VectorCase(DIR + "validator.validMail.eml", "valid and trusted by validator.root.crt" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, validator(v));
                    valid(r);
                    assertThat(r.signers()).singleElement().satisfies(s -> goodSigner(s, "arminha@student.ethz.ch", "sha-1"));
                }));
        // BC: valid with a warning. Ours: RSA keys under 1024 bits are refused (deliberate policy).
        c.add(validatorFails("validator.shortKey.eml", "invalid for us: 512-bit RSA key refused (BC: valid with a "
                + "warning; our policy)", "only 512 bits", true));
        c.add(validatorFails("validator.keyUsage.eml", "invalid: key usage does not allow signing",
                "key usage does not allow signing", true));
        c.add(validatorFails("validator.extKeyUsage.eml", "invalid: extended key usage lacks emailProtection",
                "extended key usage lacks emailProtection", true));
        c.add(validatorFails("validator.noEmail.eml", "invalid: certificate names no email address",
                "names no email address", true));
        c.add(validatorFails("validator.notYetValid.eml", "signature correct; not trusted: signed before the "
                + "certificate's notBefore", "not trusted at the signing time", false));
        c.add(validatorFails("validator.expired.eml", "signature correct; not trusted: signed after the certificate "
                + "expired", "not trusted at the signing time", false));
        c.add(new VectorCase(DIR + "validator.revoked.eml",
                "with validator.revoked.crl: not trusted, revoked (keyCompromise); without CRLs valid (revocation is "
                        + "only checked against CRLs given)" + SHA1_NOTE,
                (v, p) -> {
                    VerifyOptions withCrl = validator(v).withCrls(v.crls(DIR + "validator.revoked.crl"));
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, withCrl);
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        assertThat(s.valid()).isTrue();
                        assertThat(s.trusted()).isFalse();
                        assertThat(s.reason()).contains("revocation", "keyCompromise");
                    });
                    valid(v.verify(p, validator(v)));
                }));
        c.add(new VectorCase(DIR + "validator.longValidity.eml",
                "valid, with a warning about the 100-year validity" + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, validator(v));
                    valid(r);
                    assertThat(r.signers()).singleElement().satisfies(s -> {
                        goodSigner(s, "arminha@student.ethz.ch", "sha-1");
                        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("valid for 100 years"));
                    });
                }));
        c.add(new VectorCase(DIR + "circular.eml", "signature correct; certificate path with circular issuers not trusted"
                + SHA1_NOTE,
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, validator(v));
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> untrustedSigner(s, "armin@privasphere.com", "sha-1"));
                }));

        c.add(new VectorCase(DIR + "attachonly.eml", "not signed (input of BC's signing test)",
                (v, p) -> {
                    Vectors.Verified r = v.verify(p, untrusted());
                    invalid(r, "not signed");
                    assertThat(r.layers()).isEmpty();
                }));
        return c;
    }

    private static VectorCase correctButUntrusted(String name, String email, String digest, String what) {
        boolean sha1 = digest.equals("sha-1");
        return new VectorCase(DIR + name, "signature correct (" + what + "); not trusted: no root in the test data"
                + (sha1 ? SHA1_NOTE : ""),
                (v, p) -> {
                    Vectors.Verified r = refusingSha1(o -> v.verify(p, o), sha1, untrusted());
                    invalid(r, "not trusted");
                    assertThat(r.signers()).singleElement().satisfies(s -> untrustedSigner(s, email, digest));
                });
    }

    private static VectorCase validatorFails(String name, String expectation, String reason, boolean trusted) {
        return new VectorCase(DIR + name, expectation + SHA1_NOTE, (v, p) -> {
            Vectors.Verified r = refusingSha1(o -> v.verify(p, o), true, validator(v));
            invalid(r, reason);
            assertThat(r.signers()).singleElement().satisfies(s -> {
                assertThat(s.reason()).contains(reason);
                assertThat(s.trusted()).isEqualTo(trusted);
                // A signer that fails on trust alone has a correct signature value.
                assertThat(s.valid()).isEqualTo(!trusted);
            });
        });
    }

    /** Asserts the engine refuses the HTTP request line, then verifies the message without it. */
    private static Vectors.Verified as2(Vectors v, String p) throws Exception {
        byte[] raw = v.bytes(p);
        assertThatThrownBy(() -> Vectors.verify(MessageSource.of(raw), untrusted()))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("header line 1 is not a header field");
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("POST / HTTP/1.1\r\n");
        byte[] entity = Arrays.copyOfRange(raw, text.indexOf('\n') + 1, raw.length);
        return refusingSha1(o -> Vectors.verify(MessageSource.of(entity), o), true, untrusted());
    }

    static List<VectorCase.Skipped> skipped() {
        return List.of(new VectorCase.Skipped(DIR + "outlook_2010_beta_sime_msg.eml",
                "UNDETERMINED in the manifest: no test references it and no key is included"));
    }
}
