package org.sealpost.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SmimeSigner;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows the engine end to end on the embedded default: a throwaway CA, Alice (RSA) and Bob
 * (EC P-256), a message signed by Alice and encrypted to both, then decrypted and verified as Bob.
 * Every file is left in the data directory so the printed CLI commands can be replayed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the S/MIME engine end to end with a throwaway CA and two users, leaving every file for replay.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "sealpost-data/demo",
            description = "Directory for the demo files (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(data);
        EphemeralPki pki = new EphemeralPki("Sealpost Demo");
        Identity alice = pki.rsa("alice@example.org");
        Identity bob = pki.ec("bob@example.org", "secp256r1");
        EphemeralPki.writePem(alice, data, "alice");
        EphemeralPki.writePem(bob, data, "bob");
        Files.writeString(data.resolve("root.pem"), EphemeralPki.pem(pki.root()));
        restrictKeys();

        byte[] message = ("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: Sealpost demo\r\n"
                + "Date: " + java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME) + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Hello Bob, this message is signed by Alice and encrypted to both of us.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(data.resolve("message.eml"), message);

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        new SmimeSigner().sign(MessageSource.of(message), signed, SignOptions.detached(alice));
        Files.write(data.resolve("signed.eml"), signed.toByteArray());
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        new SmimeEncryptor().encrypt(MessageSource.of(signed.toByteArray()), encrypted,
                EncryptOptions.to(Recipient.of(bob.certificate()), Recipient.of(alice.certificate())));
        Files.write(data.resolve("encrypted.eml"), encrypted.toByteArray());

        VerificationReport report = new SmimeVerifier().verify(MessageSource.of(encrypted.toByteArray()),
                VerifyOptions.trusting(pki.root()).withDecryptionKeys(KeyHistory.of(bob)), null);
        out.println("Sealpost demo in " + data.toAbsolutePath());
        out.println("  Alice (RSA-2048) signed message.eml -> signed.eml, encrypted to Bob (EC P-256) and herself -> encrypted.eml");
        out.println("  Bob decrypted and verified it: " + (report.valid() ? "valid, signed by "
                + report.signers().get(0).email().orElse("?") : "FAILED: " + report.reason()));
        out.println();
        out.println("Replay with the CLI:");
        String d = data.toString();
        out.println("  ./sealpost smime sign    --in " + d + "/message.eml --out " + d + "/signed.eml --signer-cert "
                + d + "/alice-chain.pem --signer-key " + d + "/alice-key.pem");
        out.println("  ./sealpost smime encrypt --in " + d + "/signed.eml --out " + d + "/encrypted.eml --recipient "
                + d + "/bob-cert.pem --recipient " + d + "/alice-cert.pem");
        out.println("  ./sealpost smime decrypt --in " + d + "/encrypted.eml --out " + d + "/decrypted.eml --key "
                + d + "/bob-key.pem --cert " + d + "/bob-cert.pem");
        out.println("  ./sealpost smime verify  --in " + d + "/decrypted.eml --trust " + d + "/root.pem");
        out.println("  openssl cms -decrypt -in " + d + "/encrypted.eml -inkey " + d + "/bob-key.pem -recip " + d + "/bob-cert.pem");
        out.flush();
        return report.valid() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void restrictKeys() throws java.io.IOException {
        for (String name : new String[] {"alice-key.pem", "bob-key.pem"}) {
            try {
                Files.setPosixFilePermissions(data.resolve(name), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on the directory's protection
            }
        }
    }
}
