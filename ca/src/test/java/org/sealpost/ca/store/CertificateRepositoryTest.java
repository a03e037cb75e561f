package org.sealpost.ca.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.testing.TestDatabase;

/** The CA's tables and their SQL, on H2 and PostgreSQL. */
class CertificateRepositoryTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final CertificateRepository repository = new CertificateRepository();

    @ParameterizedTest
    @MethodSource(BOTH)
    void storesAndFindsACertificateBySerialAndAddress(TestDatabase testDb) {
        Database db = testDb.open();
        StoredCertificate cert = certificate(new BigInteger("00ff0102030405060708090a0b0c0d0e", 16), "alice@example.org");
        db.inTransaction(c -> {
            repository.insert(c, cert);
            return null;
        });

        StoredCertificate found = db.<Optional<StoredCertificate>>inTransaction(c -> repository.find(c, cert.serial())).orElseThrow();
        assertThat(found.serialHex()).isEqualTo("ff0102030405060708090a0b0c0d0e");
        assertThat(found.der()).isEqualTo(cert.der());
        assertThat(found.notAfter()).isEqualTo(cert.notAfter());
        assertThat(found.addresses()).containsExactly("alice@example.org");
        assertThat(found.revocation()).isEmpty();
        assertThat(db.<List<StoredCertificate>>inTransaction(c -> repository.findByAddress(c, "alice@example.org")))
                .extracting(StoredCertificate::serial).containsExactly(cert.serial());
        assertThat(db.<Optional<StoredCertificate>>inTransaction(c -> repository.find(c, BigInteger.TEN))).isEmpty();
        assertThat(db.<Long>inTransaction(repository::count)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void revokesOnceAndListsOnlyUnexpiredRevocationsOfTheIssuer(TestDatabase testDb) {
        Database db = testDb.open();
        StoredCertificate live = certificate(BigInteger.valueOf(1001), "a@example.org");
        StoredCertificate expired = new StoredCertificate(BigInteger.valueOf(1002), "issuing", "signing-v1", "CN=b",
                List.of("b@example.org"), NOW.minus(400, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.DAYS),
                NOW.minus(400, ChronoUnit.DAYS), new byte[] {1}, Optional.empty());
        db.inTransaction(c -> {
            repository.insert(c, live);
            repository.insert(c, expired);
            return null;
        });

        assertThat(db.<Boolean>inTransaction(c -> repository.markRevoked(c, live.serial(), NOW, "keyCompromise"))).isTrue();
        assertThat(db.<Boolean>inTransaction(c -> repository.markRevoked(c, live.serial(), NOW, "superseded"))).isFalse();
        assertThat(db.<Boolean>inTransaction(c -> repository.markRevoked(c, expired.serial(), NOW, "superseded"))).isTrue();
        assertThat(db.<Boolean>inTransaction(c -> repository.markRevoked(c, BigInteger.TWO, NOW, "superseded"))).isFalse();

        assertThat(db.<Optional<StoredCertificate>>inTransaction(c -> repository.find(c, live.serial())).orElseThrow().revocation())
                .contains(new StoredRevocation(NOW, "keyCompromise"));
        assertThat(db.<List<CertificateRepository.RevokedEntry>>inTransaction(c -> repository.revokedUnexpired(c, "issuing", NOW)))
                .containsExactly(new CertificateRepository.RevokedEntry(live.serial(), NOW, "keyCompromise"));
        assertThat(db.<List<CertificateRepository.RevokedEntry>>inTransaction(c -> repository.revokedUnexpired(c, "root", NOW))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void keepsCrlsByNumberAndRefusesAReusedNumber(TestDatabase testDb) {
        Database db = testDb.open();
        db.inTransaction(c -> {
            repository.insertCrl(c, new StoredCrl("issuing", 1, NOW, NOW.plus(1, ChronoUnit.DAYS), new byte[] {1}));
            repository.insertCrl(c, new StoredCrl("issuing", 2, NOW, NOW.plus(1, ChronoUnit.DAYS), new byte[] {2}));
            repository.insertCrl(c, new StoredCrl("root", 7, NOW, NOW.plus(1, ChronoUnit.DAYS), new byte[] {7}));
            return null;
        });
        assertThat(db.<Optional<StoredCrl>>inTransaction(c -> repository.latestCrl(c, "issuing")).orElseThrow().number()).isEqualTo(2);
        assertThat(db.<Optional<StoredCrl>>inTransaction(c -> repository.latestCrl(c, "root")).orElseThrow().der()).containsExactly(7);
        assertThat(db.<Optional<StoredCrl>>inTransaction(c -> repository.latestCrl(c, "other"))).isEmpty();
        assertThatThrownBy(() -> db.inTransaction(c -> {
            repository.insertCrl(c, new StoredCrl("issuing", 2, NOW, NOW, new byte[] {3}));
            return null;
        })).isInstanceOf(StorageException.class);
        assertThat(db.<Optional<StoredCrl>>inTransaction(c -> repository.latestCrl(c, "issuing")).orElseThrow().der()).containsExactly(2);
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aFailedInsertLeavesNoHalfWrittenCertificate(TestDatabase testDb) {
        Database db = testDb.open();
        StoredCertificate cert = certificate(BigInteger.valueOf(77), "c@example.org");
        // An address longer than the column fails after the certificate row was written: all or nothing.
        StoredCertificate bad = new StoredCertificate(BigInteger.valueOf(78), "issuing", "encryption", "CN=d",
                List.of("d".repeat(400) + "@example.org"), NOW, NOW.plus(1, ChronoUnit.DAYS), NOW, new byte[] {9},
                Optional.empty());
        db.inTransaction(c -> {
            repository.insert(c, cert);
            return null;
        });
        assertThatThrownBy(() -> db.inTransaction(c -> {
            repository.insert(c, bad);
            return null;
        })).isInstanceOf(StorageException.class);
        assertThat(db.<Optional<StoredCertificate>>inTransaction(c -> repository.find(c, bad.serial()))).isEmpty();
        assertThat(db.<Long>inTransaction(repository::count)).isEqualTo(1);
    }

    private static StoredCertificate certificate(BigInteger serial, String address) {
        return new StoredCertificate(serial, "issuing", "encryption", "CN=" + address, List.of(address),
                NOW.truncatedTo(ChronoUnit.SECONDS), NOW.plus(365, ChronoUnit.DAYS), NOW, new byte[] {0x30, 0x03, 1, 2, 3},
                Optional.empty());
    }
}
