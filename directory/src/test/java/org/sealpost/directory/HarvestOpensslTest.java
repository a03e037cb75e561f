package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.testing.Tool;
import org.sealpost.core.testing.SharedFixtures;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/** Certificates made by openssl, trusted through a PEM bundle file as an operator configures it. */
class HarvestOpensslTest {
    @TempDir
    Path dir;

    @Test
    void anOpensslEncryptionCertificateIsPublishedAndAnOpensslSha1OneIsRefused() throws Exception {
        SharedFixtures.requireTool("openssl", "version");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "30",
                "-subj", "/CN=Openssl Test Root", "-sha256",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(dir.resolve("leaf.ext"), """
                basicConstraints=critical,CA:FALSE
                keyUsage=critical,keyEncipherment
                extendedKeyUsage=emailProtection
                subjectAltName=email:Lena@Example.org
                """);
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=Lena");
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "10",
                "-sha256", "-extfile", "leaf.ext", "-out", "leaf.pem");
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "10",
                "-sha1", "-extfile", "leaf.ext", "-out", "leaf-sha1.pem");

        try (TestDatabase testDb = TestDatabases.h2(); DirectoryRig rig = new DirectoryRig(testDb.open())) {
            Harvester harvester = new Harvester(rig.db, rig.audit, TrustStore.load(dir.resolve("root.pem")), rig.clock);
            List<HarvestOutcome> outcomes = harvester.harvest(List.of(Files.readString(dir.resolve("leaf.pem")),
                    Files.readString(dir.resolve("leaf-sha1.pem"))), List.of(), "alice@example.org");

            assertThat(outcomes.get(0)).isInstanceOfSatisfying(HarvestOutcome.Published.class,
                    p -> assertThat(p.addresses()).containsExactly("Lena@example.org"));
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(HarvestOutcome.Refused.class,
                    r -> assertThat(r.reason()).contains("broken hash"));
            assertThat(rig.directory.lookup("lena@example.org").certificates()).singleElement()
                    .satisfies(c -> assertThat(c.pem().strip()).isEqualTo(Files.readString(dir.resolve("leaf.pem")).strip()));
        }
    }

    private void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Tool.Result result = Tool.run(dir, java.util.Map.of(), command);
        assertThat(result.ok()).as(result.describe()).isTrue();
    }
}
