package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.core.keys.Identity;

/**
 * A Vp certificate (another, trusted CA's, for the same address) imported with its key: every mail
 * then carries two signatures, and the reader sees both, the Vp one as publicly trusted.
 */
class ClientVpSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ClientWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void anImportedVpCertificateSignsBesideTheDeviceAndTheReaderSeesBoth() throws Exception {
        ClientWorld.User alice = world.user("alice@example.org").enrolled();
        ClientWorld.User bob = world.user("bob@example.org").enrolled();
        Path p12 = writeP12(world.outside.rsa("alice@example.org"), dir.resolve("alice-vp.p12"));

        Result imported = alice.run("certs import", "--p12", p12, "--password-env", ClientWorld.PASSPHRASE_ENV);
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported Vp certificate");
        Result certs = alice.run("certs", "--json");
        assertThat(certs.exit()).as(certs.err()).isZero();
        assertThat(certs.out()).contains("\"Vp\"");

        Result sent = alice.run("send", "--to", bob.address, "--subject", "Twice signed", "--body", "Device and Vp.");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("Vp");

        Result inbox = bob.run("inbox", "--json");
        JsonNode list = JSON.readTree(inbox.out());
        JsonNode first = (list.isArray() ? list : list.path("messages")).get(0);
        Result read = bob.run("read", "--id", first.path("id").asText(), "--json");
        assertThat(read.exit()).as(read.err()).isZero();
        JsonNode r = JSON.readTree(read.out());
        assertThat(r.path("signatures")).hasSize(2);
        assertThat(r.path("signature").path("valid").asBoolean()).isTrue();
        assertThat(r.path("signature").path("level").asText()).isEqualTo("Vp");
    }

    @Test
    void aCertificateForAnotherAddressOrAWrongPasswordIsRefusedInOneLine() throws Exception {
        ClientWorld.User carol = world.user("carol@example.org").enrolled();
        Path other = writeP12(world.outside.rsa("mallory@example.org"), dir.resolve("mallory.p12"));
        Result wrongAddress = carol.run("certs import", "--p12", other, "--password-env", ClientWorld.PASSPHRASE_ENV);
        assertThat(wrongAddress.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongAddress.err()).startsWith("sealpost: ").contains("does not name carol@example.org");
        Result wrongPassword = carol.run("certs import", "--p12", other, "--password-env", ClientWorld.WRONG_PASSPHRASE_ENV);
        assertThat(wrongPassword.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongPassword.err()).startsWith("sealpost: ").doesNotContain("\tat ");
    }

    private static Path writeP12(Identity identity, Path file) throws Exception {
        char[] password = System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("vp", identity.privateKey(), password, identity.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, password);
        }
        return file;
    }
}
