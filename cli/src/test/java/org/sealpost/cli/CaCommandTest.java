package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.CaCliFixture.EC_P256;
import static org.sealpost.cli.CaCliFixture.RSA_2048;
import static org.sealpost.cli.CaCliFixture.certificate;
import static org.sealpost.cli.CaCliFixture.issuedSerial;
import static org.sealpost.cli.CliFixture.assertFailed;
import static org.sealpost.cli.CliFixture.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.cli.CaCliFixture.Tool;
import org.sealpost.cli.CliFixture.Result;

/**
 * The CA operator commands against one CA made by {@code ca init} for the whole class:
 *
 * <pre>
 * sealpost ca init   --data DIR [--algorithm ec|rsa] [--ca-password-env VAR]
 * sealpost ca issue  --data DIR --profile NAME --csr FILE [--email E]... --out FILE [subject options]
 * sealpost ca revoke --data DIR --serial HEX --reason NAME
 * sealpost ca crl    --data DIR --out FILE [--pem]
 * sealpost ca show   --data DIR --serial HEX [--json]
 * </pre>
 *
 * Exit codes: 0 done, 1 refused by a check (lint rule, unknown serial), 2 usage or bad input with one
 * "sealpost: " line on stderr.
 */
class CaCommandTest {
    @TempDir
    static Path data;

    private static Result init;

    @TempDir
    Path work;

    @BeforeAll
    static void createCa() {
        init = run("ca", "init", "--data", data, "--algorithm", "ec");
        assertThat(init.exit()).as(init.toString()).isZero();
    }

    private static Path ca(String file) {
        return data.resolve("ca").resolve(file);
    }

    // ---------------------------------------------------------------- init

    @Test
    void initCreatesTheHierarchyWithPrivateKeyFilesAndWarnsAboutTheGeneratedPassword() throws Exception {
        for (String file : List.of("root.pem", "issuing.pem", "tsa.pem")) {
            assertThat(Files.readString(ca(file))).as(file).startsWith("-----BEGIN CERTIFICATE-----");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("ca")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca("ca-keys.p12")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca("ca-password")))).isEqualTo("rw-------");
        String password = Files.readString(ca("ca-password")).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(init.err()).contains("warning:", "ca-password");
        assertThat(init.out()).contains("root.pem", "issuing.pem", "tsa.pem").doesNotContain(password);
        assertThat(init.err()).doesNotContain(password);

        CaCliFixture.requireOpenssl();
        Tool issuing = Tool.run("openssl", "verify", "-CAfile", ca("root.pem").toString(), ca("issuing.pem").toString());
        assertThat(issuing.ok()).as(issuing.describe()).isTrue();
        Tool tsa = Tool.run("openssl", "verify", "-CAfile", ca("root.pem").toString(), "-purpose", "timestampsign",
                ca("tsa.pem").toString());
        assertThat(tsa.ok()).as(tsa.describe()).isTrue();
    }

    @Test
    void aSecondInitRefusesAndOverwritesNothing() throws Exception {
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String file : List.of("root.pem", "issuing.pem", "tsa.pem", "ca-keys.p12", "ca-password")) {
            before.put(file, Files.readAllBytes(ca(file)));
        }
        for (String[] extra : List.of(new String[0], new String[] {"--ca-password-env", CliFixture.PASSWORD_ENV})) {
            List<Object> args = new ArrayList<>(List.of("ca", "init", "--data", data, "--algorithm", "ec"));
            args.addAll(List.of((Object[]) extra));
            Result again = run(args.toArray());
            assertFailed(again, null, 2);
            assertThat(again.err()).contains("already exists");
        }
        for (var e : before.entrySet()) {
            assertThat(Files.readAllBytes(ca(e.getKey()))).as(e.getKey() + " unchanged").isEqualTo(e.getValue());
        }
    }

    @Test
    void aCaMadeWithAPasswordVariableNeedsTheSameVariableLater() throws Exception {
        Assumptions.assumeTrue(CliFixture.passwordsAvailable(), "password variables are set by the cli module's surefire");
        Path dir = work.resolve("env-ca");
        Result made = run("ca", "init", "--data", dir, "--algorithm", "ec", "--ca-password-env", CliFixture.PASSWORD_ENV);
        assertThat(made.exit()).as(made.toString()).isZero();
        assertThat(dir.resolve("ca").resolve("ca-password")).doesNotExist();
        assertThat(made.err()).doesNotContain("warning");
        assertThat(made.out() + made.err()).doesNotContain(System.getenv(CliFixture.PASSWORD_ENV));

        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result ok = run("ca", "issue", "--data", dir, "--profile", "signing-v1", "--csr", csr, "--out", out,
                "--ca-password-env", CliFixture.PASSWORD_ENV);
        assertThat(ok.exit()).as(ok.toString()).isZero();
        Files.delete(out);

        String secret = System.getenv(CliFixture.PASSWORD_ENV);
        String wrongSecret = System.getenv(CliFixture.WRONG_PASSWORD_ENV);
        Result wrong = run("ca", "issue", "--data", dir, "--profile", "signing-v1", "--csr", csr, "--out", out,
                "--ca-password-env", CliFixture.WRONG_PASSWORD_ENV);
        assertFailed(wrong, out, 2);
        assertThat(wrong.err()).contains("wrong CA key store password").doesNotContain(secret).doesNotContain(wrongSecret);

        Result none = run("ca", "issue", "--data", dir, "--profile", "signing-v1", "--csr", csr, "--out", out);
        assertFailed(none, out, 2);
        assertThat(none.err()).contains("password").doesNotContain(secret);

        Result unset = run("ca", "revoke", "--data", dir, "--serial", "01", "--reason", "superseded",
                "--ca-password-env", "SEALPOST_TEST_NO_SUCH_VARIABLE");
        assertFailed(unset, null, 2);
        assertThat(unset.err()).contains("SEALPOST_TEST_NO_SUCH_VARIABLE");
    }

    // ---------------------------------------------------------------- issue

    /** Validated subject options each profile needs. */
    static List<String> subjectOptions(String profile) {
        return switch (profile) {
            case "signing-v2" -> List.of("--given-name", "Alice", "--surname", "Example", "--locality", "Zürich",
                    "--country", "CH");
            case "signing-v3" -> List.of("--organization", "Example AG", "--locality", "Bern", "--country", "CH");
            case "signing-v4" -> List.of("--given-name", "Alice", "--surname", "Example", "--title", "Engineer",
                    "--organization", "Example AG", "--country", "CH");
            case "timestamping" -> List.of("--common-name", "Example Timestamping");
            default -> List.of();
        };
    }

    static Stream<Arguments> profilesKeysAndCsrMakers() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String profile : List.of("encryption", "signing-v1", "signing-v2", "signing-v3", "signing-v4", "timestamping")) {
            for (String key : List.of("rsa", "ec")) {
                for (String maker : List.of("openssl", "bouncycastle")) {
                    b.add(Arguments.of(profile, key, maker));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} CSR by {2}")
    @MethodSource("profilesKeysAndCsrMakers")
    void issuesEveryProfileAndOpensslVerifiesTheCertificateForItsPurpose(String profile, String key, String maker)
            throws Exception {
        CaCliFixture.requireOpenssl();
        boolean tsa = profile.equals("timestamping");
        String[] emails = tsa ? new String[0] : new String[] {"alice@example.org"};
        Path csr = maker.equals("openssl")
                ? CaCliFixture.opensslCsr(work, "req", key, tsa ? "/CN=Example Timestamping" : "/CN=Alice", emails)
                : CaCliFixture.writeBcCsr(work.resolve("req.pem"), key.equals("rsa") ? RSA_2048 : EC_P256,
                        tsa ? "CN=Example Timestamping" : "CN=Alice", emails);
        Path out = work.resolve("cert.pem");
        List<Object> args = new ArrayList<>(List.of("ca", "issue", "--data", data, "--profile", profile, "--csr", csr,
                "--out", out));
        // A timestamping certificate is named by --common-name, or by default after the CA's organization.
        if (!(tsa && maker.equals("bouncycastle"))) {
            args.addAll(subjectOptions(profile));
        }
        Result r = run(args.toArray());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();

        X509Certificate cert = certificate(out);
        assertThat(issuedSerial(r)).isEqualTo(cert.getSerialNumber());
        assertThat(r.out()).contains(profile);
        if (tsa) {
            String cn = maker.equals("bouncycastle") ? "Sealpost Timestamping" : "Example Timestamping";
            assertThat(r.out()).contains(" for CN=" + cn + ", valid until ");
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + cn);
        } else {
            assertThat(mailboxes(cert)).containsExactly("alice@example.org");
            assertThat(r.out()).contains(" for alice@example.org, valid until ");
        }

        List<String> verify = new ArrayList<>(List.of("openssl", "verify", "-CAfile", ca("root.pem").toString()));
        if (tsa) {
            // Like ca init's tsa.pem, a timestamping certificate comes from the root: the issuing CA's
            // EKU is emailProtection only.
            assertThat(cert.getIssuerX500Principal()).isEqualTo(certificate(ca("root.pem")).getSubjectX500Principal());
            verify.addAll(List.of("-purpose", "timestampsign"));
        } else {
            assertThat(cert.getIssuerX500Principal()).isEqualTo(certificate(ca("issuing.pem")).getSubjectX500Principal());
            verify.addAll(List.of("-untrusted", ca("issuing.pem").toString()));
            // OpenSSL's smimeencrypt purpose demands keyEncipherment, which an EC (key agreement)
            // encryption certificate cannot have: that one is verified without a purpose.
            if (profile.equals("encryption")) {
                if (key.equals("rsa")) {
                    verify.addAll(List.of("-purpose", "smimeencrypt"));
                }
            } else {
                verify.addAll(List.of("-purpose", "smimesign"));
            }
        }
        verify.add(out.toString());
        Tool v = Tool.run(verify.toArray(String[]::new));
        assertThat(v.ok()).as(v.describe()).isTrue();
        assertThat(v.output()).contains(": OK");

        Tool text = Tool.run("openssl", "x509", "-in", out.toString(), "-noout", "-text");
        assertThat(text.ok()).as(text.describe()).isTrue();
        assertThat(text.output()).contains(tsa ? "Time Stamping" : "E-mail Protection");
        switch (profile) {
            case "signing-v2" -> assertThat(text.output()).contains("GN = Alice", "SN = Example", "C = CH");
            case "signing-v3" -> assertThat(text.output()).contains("O = Example AG", "L = Bern");
            case "signing-v4" -> assertThat(text.output()).contains("title = Engineer", "O = Example AG");
            default -> {
            }
        }
    }

    @Test
    void emailOverridesTheAddressesOfTheCsr() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x,E=csr@example.org",
                "csr@example.org", "other@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--email",
                "alice@example.org", "--email", "bob@example.net", "--out", out);
        assertThat(r.exit()).as(r.toString()).isZero();
        X509Certificate cert = certificate(out);
        assertThat(mailboxes(cert)).containsExactly("alice@example.org", "bob@example.net");
        assertThat(cert.getSubjectX500Principal().getName()).doesNotContain("csr@example.org");
        assertThat(r.out()).contains("alice@example.org").doesNotContain("csr@example.org");

        Result fromCsr = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--out", out);
        assertThat(fromCsr.exit()).as(fromCsr.toString()).isZero();
        assertThat(mailboxes(certificate(out))).containsExactly("csr@example.org", "other@example.org");
    }

    @Test
    void aNonAsciiLocalPartBecomesAnSmtpUtf8Mailbox() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--email",
                "jörg@example.org", "--out", out);
        assertThat(r.exit()).as(r.toString()).isZero();
        X509Certificate cert = certificate(out);
        List<String> smtputf8 = new ArrayList<>();
        for (GeneralName n : subjectAltNames(cert)) {
            assertThat(n.getTagNo()).as("no rfc822Name for a non-ASCII local part").isEqualTo(GeneralName.otherName);
            ASN1Sequence other = ASN1Sequence.getInstance(n.getName());
            assertThat(ASN1ObjectIdentifier.getInstance(other.getObjectAt(0)).getId()).isEqualTo("1.3.6.1.5.5.7.8.9");
            ASN1TaggedObject value = ASN1TaggedObject.getInstance(other.getObjectAt(1));
            smtputf8.add(((ASN1String) value.getBaseObject()).getString());
        }
        assertThat(smtputf8).containsExactly("jörg@example.org");

        CaCliFixture.requireOpenssl();
        Tool v = Tool.run("openssl", "verify", "-CAfile", ca("root.pem").toString(), "-untrusted",
                ca("issuing.pem").toString(), "-purpose", "smimesign", out.toString());
        assertThat(v.ok()).as(v.describe()).isTrue();
    }

    @Test
    void daysSetsTheLifetime() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "encryption", "--csr", csr, "--days", "30", "--out", out);
        assertThat(r.exit()).as(r.toString()).isZero();
        X509Certificate cert = certificate(out);
        long days = java.time.Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
        assertThat(days).isBetween(29L, 30L);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void signingV2WithoutAGivenNameIsRefusedNamingTheRule() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v2", "--csr", csr, "--out", out,
                "--surname", "Example", "--locality", "Bern", "--country", "CH");
        assertFailed(r, out, 1);
        assertThat(r.err()).contains("e_subject_required_attributes").containsIgnoringCase("givenName");
    }

    @Test
    void aSubjectAttributeTheProfileForbidsIsRefusedNamingTheRule() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--out", out,
                "--organization", "Example AG");
        assertFailed(r, out, 1);
        assertThat(r.err()).contains("e_subject_attributes_allowed");
    }

    @Test
    void anRsa1024CsrIsRefusedNamingTheProblem() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), CaCliFixture.rsa1024(), "CN=x", "alice@example.org");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--out", out);
        assertFailed(r, out, 1);
        assertThat(r.err()).contains("e_rsa_mod_min_2048");
    }

    @Test
    void signingV1WithoutAnyAddressIsBadInput() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("csr.pem"), EC_P256, "CN=nobody");
        Path out = work.resolve("cert.pem");
        Result r = run("ca", "issue", "--data", data, "--profile", "signing-v1", "--csr", csr, "--out", out);
        assertFailed(r, out, 2);
        assertThat(r.err()).contains("email address");
    }

    // ---------------------------------------------------------------- revoke, show, crl

    private BigInteger issue(String profile, String email) throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("issue-csr.pem"), EC_P256, "CN=x", email);
        Path out = work.resolve("issued-" + email + ".pem");
        Result r = run("ca", "issue", "--data", data, "--profile", profile, "--csr", csr, "--out", out);
        assertThat(r.exit()).as(r.toString()).isZero();
        return issuedSerial(r);
    }

    @Test
    void revokeIsIdempotentAndShowAndTheCrlReportIt() throws Exception {
        BigInteger serial = issue("signing-v1", "revoke-me@example.org");
        String hex = serial.toString(16);

        Result shown = run("ca", "show", "--data", data, "--serial", hex, "--json");
        assertThat(shown.exit()).as(shown.toString()).isZero();
        assertThat(shown.json().get("status").asText()).isEqualTo("good");

        Result revoked = run("ca", "revoke", "--data", data, "--serial", hex, "--reason", "keyCompromise");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).startsWith("revoked ").contains("keyCompromise");
        assertThat(revoked.err()).isEmpty();

        Result again = run("ca", "revoke", "--data", data, "--serial", hex, "--reason", "superseded");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already revoked").contains("keyCompromise");

        JsonNode json = run("ca", "show", "--data", data, "--serial", hex, "--json").json();
        assertThat(json.get("status").asText()).isEqualTo("revoked");
        assertThat(json.get("revocationReason").asText()).isEqualTo("keyCompromise");
        assertThat(new BigInteger(json.get("serial").asText(), 16)).isEqualTo(serial);
        assertThat(json.get("profile").asText()).isEqualTo("signing-v1");

        Path der = work.resolve("issuing.crl");
        Result crl = run("ca", "crl", "--data", data, "--out", der);
        assertThat(crl.exit()).as(crl.toString()).isZero();
        assertThat(Files.readAllBytes(der)[0]).as("DER SEQUENCE").isEqualTo((byte) 0x30);
        Path pem = work.resolve("issuing-crl.pem");
        Result crlPem = run("ca", "crl", "--data", data, "--out", pem, "--pem");
        assertThat(crlPem.exit()).as(crlPem.toString()).isZero();
        assertThat(Files.readString(pem)).startsWith("-----BEGIN X509 CRL-----");

        var crlObject = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(der));
        assertThat(crlObject.getRevokedCertificate(serial)).isNotNull();
        assertThat(crlObject.getRevokedCertificate(serial).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        crlObject.verify(certificate(ca("issuing.pem")).getPublicKey());

        CaCliFixture.requireOpenssl();
        Tool text = Tool.run("openssl", "crl", "-inform", "DER", "-in", der.toString(), "-noout", "-text");
        assertThat(text.ok()).as(text.describe()).isTrue();
        assertThat(CaCliFixture.opensslSerials(text.output())).contains(serial);
        assertThat(text.output()).contains("Key Compromise");
        Tool fromPem = Tool.run("openssl", "crl", "-in", pem.toString(), "-noout", "-text", "-CAfile",
                ca("issuing.pem").toString());
        assertThat(fromPem.ok()).as(fromPem.describe()).isTrue();
        assertThat(CaCliFixture.opensslSerials(fromPem.output())).contains(serial);
        assertThat(fromPem.output()).contains("verify OK");
    }

    @Test
    void aSerialWithColonsAsOpensslPrintsItWorks() throws Exception {
        CaCliFixture.requireOpenssl();
        BigInteger serial = issue("encryption", "colons@example.org");
        Tool printed = Tool.run("openssl", "x509", "-in", work.resolve("issued-colons@example.org.pem").toString(),
                "-noout", "-serial");
        assertThat(printed.ok()).as(printed.describe()).isTrue();
        String hex = printed.output().strip().replaceFirst("^serial=", "");
        assertThat(new BigInteger(hex, 16)).isEqualTo(serial);
        String colons = String.join(":", HexFormat.of().withUpperCase().formatHex(HexFormat.of().parseHex(
                hex.length() % 2 == 0 ? hex : "0" + hex)).split("(?<=\\G..)"));
        assertThat(colons).contains(":");

        Result r = run("ca", "revoke", "--data", data, "--serial", colons, "--reason", "cessation-of-operation");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = run("ca", "show", "--data", data, "--serial", colons, "--json").json();
        assertThat(json.get("status").asText()).isEqualTo("revoked");
        assertThat(json.get("revocationReason").asText()).isEqualTo("cessationOfOperation");
    }

    @Test
    void aRevokedTimestampingCertificateIsListedOnTheRootCrl() throws Exception {
        Path csr = CaCliFixture.writeBcCsr(work.resolve("tsa-csr.pem"), EC_P256, "CN=TSA");
        Path out = work.resolve("tsa.pem");
        Result issued = run("ca", "issue", "--data", data, "--profile", "timestamping", "--csr", csr, "--common-name",
                "Second Timestamping", "--out", out);
        assertThat(issued.exit()).as(issued.toString()).isZero();
        BigInteger serial = issuedSerial(issued);

        Result revoked = run("ca", "revoke", "--data", data, "--serial", serial.toString(16), "--reason", "superseded");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("of root");
        Path crlFile = work.resolve("root.crl");
        Result crl = run("ca", "crl", "--data", data, "--issuer", "root", "--out", crlFile);
        assertThat(crl.exit()).as(crl.toString()).isZero();
        var rootCrl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(crlFile));
        rootCrl.verify(certificate(ca("root.pem")).getPublicKey());
        assertThat(rootCrl.getRevokedCertificate(serial)).isNotNull();
    }

    @Test
    void anUnknownSerialFailsTheCheck() throws Exception {
        Result r = run("ca", "revoke", "--data", data, "--serial", "7e57", "--reason", "keyCompromise");
        assertFailed(r, null, 1);
        assertThat(r.err()).contains("7e57");
        Result show = run("ca", "show", "--data", data, "--serial", "7e57");
        assertFailed(show, null, 1);
    }

    @Test
    void badReasonsAndSerialsAreUsageErrorsListingWhatIsValid() throws Exception {
        BigInteger serial = issue("signing-v1", "bad-reasons@example.org");
        String hex = serial.toString(16);

        Result hold = run("ca", "revoke", "--data", data, "--serial", hex, "--reason", "certificateHold");
        assertFailed(hold, null, 2);
        assertThat(hold.err()).contains("certificateHold", "keyCompromise", "superseded", "cessationOfOperation");

        Result nonsense = run("ca", "revoke", "--data", data, "--serial", hex, "--reason", "nonsense");
        assertFailed(nonsense, null, 2);
        assertThat(nonsense.err()).contains("nonsense", "valid reasons", "keyCompromise", "privilegeWithdrawn");

        Result caOnly = run("ca", "revoke", "--data", data, "--serial", hex, "--reason", "cACompromise");
        assertFailed(caOnly, null, 2);
        assertThat(caOnly.err()).contains("cACompromise");

        for (String bad : List.of("xyz", "", "0x", "12 34", "1".repeat(41))) {
            Result r = run("ca", "revoke", "--data", data, "--serial", bad, "--reason", "keyCompromise");
            assertFailed(r, null, 2);
            assertThat(r.err()).as(bad).contains("serial");
        }
        Result noReason = run("ca", "revoke", "--data", data, "--serial", hex);
        assertFailed(noReason, null, 2);

        assertThat(run("ca", "show", "--data", data, "--serial", hex, "--json").json().get("status").asText())
                .as("nothing was revoked by the refused requests").isEqualTo("good");
    }

    @Test
    void crlOfAnUnknownIssuerIsAUsageError() throws Exception {
        Path out = work.resolve("x.crl");
        Result r = run("ca", "crl", "--data", data, "--issuer", "tsa", "--out", out);
        assertFailed(r, out, 2);
        Result root = run("ca", "crl", "--data", data, "--issuer", "root", "--out", out, "--new");
        assertThat(root.exit()).as(root.toString()).isZero();
        var crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(Files.newInputStream(out));
        crl.verify(certificate(ca("root.pem")).getPublicKey());
    }

    // ---------------------------------------------------------------- audit

    @Test
    void theAuditLogRecordsInitIssueAndRevokeAndStaysIntact() throws Exception {
        BigInteger serial = issue("signing-v1", "audited@example.org");
        Result revoked = run("ca", "revoke", "--data", data, "--serial", serial.toString(16), "--reason", "superseded");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();

        Result verify = run("audit", "verify", "--data", data);
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).startsWith("audit log intact");

        Result tail = run("audit", "tail", "--data", data, "-n", "10000", "--json");
        assertThat(tail.exit()).as(tail.toString()).isZero();
        List<String> actions = new ArrayList<>();
        List<String> revokedSubjects = new ArrayList<>();
        for (JsonNode record : tail.json()) {
            actions.add(record.get("action").asText());
            if (record.get("action").asText().equals("ca.revoke")) {
                revokedSubjects.add(record.get("subject").asText());
            }
        }
        assertThat(actions).first().isEqualTo("ca.init");
        assertThat(actions).contains("ca.issue", "ca.revoke");
        assertThat(revokedSubjects.stream().map(s -> new BigInteger(s, 16)).toList()).contains(serial);
        Result text = run("audit", "tail", "--data", data, "-n", "10000");
        assertThat(text.out()).contains("ca.init", "ca.issue", "ca.revoke");
    }

    // ---------------------------------------------------------------- helpers

    static List<GeneralName> subjectAltNames(X509Certificate cert) throws Exception {
        Extension san = new JcaX509CertificateHolder(cert).getExtension(Extension.subjectAlternativeName);
        return san == null ? List.of() : List.of(GeneralNames.getInstance(san.getParsedValue()).getNames());
    }

    /** The rfc822Name SAN entries. */
    static List<String> mailboxes(X509Certificate cert) throws Exception {
        return subjectAltNames(cert).stream().filter(n -> n.getTagNo() == GeneralName.rfc822Name)
                .map(n -> ((ASN1String) n.getName()).getString()).toList();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static KeyPair key(String type) {
        return type.equals("rsa") ? RSA_2048 : EC_P256;
    }
}
