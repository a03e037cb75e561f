package org.sealpost.server.identity.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;

/**
 * Vp import from a PKCS#12 file of another CA: a good credential is recorded (certificates only)
 * and audited; every failed check is INVALID and records nothing.
 */
class ExternalImportTest {
    private static final char[] PASSWORD = "p12 password".toCharArray();
    private static final EphemeralPki PUBLIC_CA = new EphemeralPki("public-ca");
    private static final EphemeralPki OTHER_CA = new EphemeralPki("unknown-ca");

    @TempDir
    Path dir;

    private ExternalCertificateCheck check() {
        return new ExternalCertificateCheck(List.of(PUBLIC_CA.root()), Clock.systemUTC());
    }

    private Path p12(String name, Identity identity) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("vp", identity.privateKey(), PASSWORD, identity.chain().toArray(new Certificate[0]));
        Path file = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    @ParameterizedTest
    @MethodSource("org.sealpost.storage.testing.TestDatabases#all")
    void aGoodCredentialIsRecordedWithoutItsKey(TestDatabase testDb) throws Exception {
        Database db = testDb.open();
        AuditLog audit = new AuditLog(db, Clock.systemUTC());
        ExternalCertificates external = new ExternalCertificates(db, audit, Clock.systemUTC());
        Identity vp = PUBLIC_CA.issue(EphemeralPki.Spec.rsa("Ida@Example.org"));

        var imported = external.importFrom(new Pkcs12Import(p12("ida", vp), PASSWORD, check()), "ida@example.org", "operator:test");

        assertThat(imported).isEqualTo(vp.certificate());
        assertThat(external.chains("IDA@example.org")).singleElement().isEqualTo(vp.chain());
        assertThat(audit.tail(10)).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("identity.external.import");
            assertThat(r.subject()).isEqualTo("ida@example.org");
        });
        assertThatThrownBy(() -> external.importFrom(new Pkcs12Import(p12("again", vp), PASSWORD, check()), "ida@example.org",
                "operator:test")).isInstanceOfSatisfying(IdentityProblem.class,
                e -> assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.CONFLICT));
        assertThat(external.chains("ida@example.org")).hasSize(1);
    }

    @Test
    void everyFailedCheckIsRefusedAndNothingIsStored() throws Exception {
        try (TestDatabase testDb = TestDatabases.h2()) {
            Database db = testDb.open();
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            ExternalCertificates external = new ExternalCertificates(db, audit, Clock.systemUTC());
            Identity good = PUBLIC_CA.issue(EphemeralPki.Spec.ec("jan@example.org", "secp256r1"));

            assertRefused(external, new Pkcs12Import(p12("good", good), "wrong".toCharArray(), check()), "jan@example.org",
                    "password");
            assertRefused(external, new Pkcs12Import(p12("good2", good), PASSWORD, check()), "someone@example.org",
                    "not for someone@example.org");
            assertRefused(external, new Pkcs12Import(p12("untrusted", OTHER_CA.issue(EphemeralPki.Spec.rsa("jan@example.org"))),
                    PASSWORD, check()), "jan@example.org", "trust anchor");
            assertRefused(external, new Pkcs12Import(p12("encrypt-only", PUBLIC_CA.issue(EphemeralPki.Spec.rsa("kim@example.org")
                    .usage(false, true))), PASSWORD, check()), "kim@example.org", "key usage");
            assertRefused(external, new Pkcs12Import(p12("client-auth", PUBLIC_CA.issue(EphemeralPki.Spec.rsa("lea@example.org")
                    .withoutEmailEku())), PASSWORD, check()), "lea@example.org", "extended key usage");
            Instant past = Instant.now().minus(Duration.ofDays(30));
            assertRefused(external, new Pkcs12Import(p12("expired", PUBLIC_CA.issue(EphemeralPki.Spec.rsa("max@example.org")
                    .validity(past.minus(Duration.ofDays(365)), past))), PASSWORD, check()), "max@example.org", "trust anchor");
            Identity mismatched = new Identity(PUBLIC_CA.issue(EphemeralPki.Spec.ec("ned@example.org", "secp384r1")).privateKey(),
                    PUBLIC_CA.issue(EphemeralPki.Spec.rsa("ned@example.org")).chain());
            assertRefused(external, new Pkcs12Import(p12("mismatch", mismatched), PASSWORD, check()), "ned@example.org",
                    "does not belong");
            Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a PKCS#12 file");
            assertRefused(external, new Pkcs12Import(garbage, PASSWORD, check()), "jan@example.org", "PKCS#12");

            assertThat(audit.tail(10)).isEmpty();
            assertThat(db.<Long>inTransaction(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM identity_external_certificate")) {
                    rs.next();
                    return rs.getLong(1);
                }
            })).isZero();
        }
    }

    private static void assertRefused(ExternalCertificates external, ExternalCaConnector connector, String address, String why) {
        assertThatThrownBy(() -> external.importFrom(connector, address, "operator:test")).isInstanceOfSatisfying(
                IdentityProblem.class, e -> {
                    assertThat(e.kind()).isEqualTo(IdentityProblem.Kind.INVALID);
                    assertThat(e.getMessage()).contains(why);
                });
    }
}
