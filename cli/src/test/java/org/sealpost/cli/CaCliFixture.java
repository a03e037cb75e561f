package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.core.testing.SharedFixtures;

/**
 * What the {@code ca} and {@code server} command tests share: subject keys and CSRs made by Bouncy
 * Castle and by the real {@code openssl req}, openssl runs, and reading what {@code ca issue} printed.
 */
final class CaCliFixture {
    /** Keys are made once per JVM: RSA key generation is the slow part of these tests. */
    static final KeyPair RSA_2048 = generate("RSA", 2048);
    static final KeyPair EC_P256 = generateEc();
    private static KeyPair rsa1024;

    private static final Pattern ISSUED = Pattern.compile("issued (\\S+) certificate ([0-9a-f]+) for");

    private CaCliFixture() {
    }

    static synchronized KeyPair rsa1024() {
        if (rsa1024 == null) {
            rsa1024 = generate("RSA", 1024);
        }
        return rsa1024;
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DER CSR signed by {@code keys}, with the addresses as SAN rfc822Names (none: no extension request). */
    static byte[] bcCsrDer(KeyPair keys, String subject, String... emails) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
            if (emails.length > 0) {
                ExtensionsGenerator ext = new ExtensionsGenerator();
                GeneralName[] names = new GeneralName[emails.length];
                for (int i = 0; i < emails.length; i++) {
                    names[i] = new GeneralName(GeneralName.rfc822Name, emails[i]);
                }
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            String alg = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            PKCS10CertificationRequest csr = builder.build(new JcaContentSignerBuilder(alg).build(keys.getPrivate()));
            return csr.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CSR as PEM ("CERTIFICATE REQUEST"). */
    static String pem(byte[] csrDer) {
        try {
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(new PKCS10CertificationRequest(csrDer));
            }
            return sw.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeBcCsr(Path file, KeyPair keys, String subject, String... emails) throws IOException {
        Files.writeString(file, pem(bcCsrDer(keys, subject, emails)), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * A CSR made by {@code openssl req} with a new key: {@code rsa} (2048 bits) or {@code ec} (P-256),
     * the subject given in openssl's /A=B form, and the addresses as SAN email entries.
     */
    static Path opensslCsr(Path dir, String name, String keyType, String subject, String... emails) {
        Path key = dir.resolve(name + "-key.pem");
        Path csr = dir.resolve(name + "-csr.pem");
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-new", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", subject));
        if (keyType.equals("rsa")) {
            cmd.addAll(List.of("-newkey", "rsa:2048"));
        } else {
            cmd.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        if (emails.length > 0) {
            cmd.addAll(List.of("-addext", "subjectAltName=" + String.join(",",
                    java.util.Arrays.stream(emails).map(e -> "email:" + e).toList())));
        }
        Tool r = Tool.run(cmd.toArray(String[]::new));
        assertThat(r.ok()).as(r.describe()).isTrue();
        return csr;
    }

    /** Skips (or fails under sealpost.requireVectors=true) when openssl is not installed. */
    static void requireOpenssl() {
        SharedFixtures.requireTool("openssl", "version");
    }

    /** The serial {@code ca issue} printed on stdout, checked against the profile. */
    static BigInteger issuedSerial(Result r) {
        Matcher m = ISSUED.matcher(r.out());
        assertThat(m.find()).as("stdout names the serial: " + r).isTrue();
        return new BigInteger(m.group(2), 16);
    }

    static X509Certificate certificate(Path pem) throws Exception {
        byte[] bytes = Files.readAllBytes(pem);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
    }

    /** Hex serial numbers openssl printed ("Serial Number: 0A1B..." lines of crl -text). */
    static List<BigInteger> opensslSerials(String output) {
        Matcher m = Pattern.compile("Serial Number: ([0-9A-Fa-f]+)").matcher(output);
        List<BigInteger> out = new ArrayList<>();
        while (m.find()) {
            out.add(new BigInteger(m.group(1), 16));
        }
        return out;
    }

    /** An external program's exit code and combined output. */
    record Tool(List<String> command, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exit + "\n" + output;
        }

        static Tool run(String... command) {
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().putAll(Map.of("LC_ALL", "C"));
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " timed out");
                }
                return new Tool(List.of(command), p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
