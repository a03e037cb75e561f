package org.sealpost.client.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.client.service.DirectoryEntry;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.SubjectKeyIds;

class DirectoryCacheTest {
    private static final URI OURS = URI.create("http://127.0.0.1:8080");
    private static final URI THEIRS = URI.create("https://keys.corp.example");
    private static final EphemeralPki PKI = new EphemeralPki("cache");

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void answersSurviveAReloadForTenMinutesAndHoldOnlyPublicData() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        Path file = dir.resolve("directory-cache.json");
        Identity bob = PKI.ec("bob@example.org", "secp256r1");
        PublicKey provisional = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        DirectoryCache cache = DirectoryCache.load(file, clock);
        cache.put(OURS, "Bob@Example.org", new DirectoryEntry("bob@example.org",
                List.of(new DirectoryEntry.Published(bob.certificate(), "issued", "V1", bob.certificate().getNotAfter().toInstant())),
                Optional.empty()));
        cache.put(OURS, "carol@example.org", new DirectoryEntry("carol@example.org", List.of(), Optional.of(
                new DirectoryEntry.ProvisionalKey("k-1", provisional, SubjectKeyIds.of(provisional), clock.instant().plusSeconds(3600)))));
        cache.save();

        String text = Files.readString(file);
        assertThat(text).contains("BEGIN CERTIFICATE", "BEGIN PUBLIC KEY").doesNotContain("PRIVATE");

        clock.advance(Duration.ofMinutes(9));
        DirectoryCache again = DirectoryCache.load(file, clock);
        DirectoryEntry b = again.entry("bob@EXAMPLE.org", OURS).orElseThrow();
        assertThat(b.certificates()).singleElement().satisfies(p -> {
            assertThat(p.certificate()).isEqualTo(bob.certificate());
            assertThat(p.level()).isEqualTo("V1");
        });
        DirectoryEntry.ProvisionalKey k = again.entry("carol@example.org", OURS).orElseThrow().provisional().orElseThrow();
        assertThat(k.publicKey()).isEqualTo(provisional);
        assertThat(k.keyIdentifier()).isEqualTo(SubjectKeyIds.of(provisional));
        assertThat(k.keyId()).isEqualTo("k-1");
        // An answer is the answer of the service that gave it.
        assertThat(again.entry("bob@example.org", THEIRS)).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        assertThat(again.entry("bob@example.org", OURS)).isEmpty();
        again.save();
        assertThat(Files.readString(file)).doesNotContain("bob@example.org");
    }

    @Test
    void keyServiceDiscoveriesAreCachedIncludingTheAnswerNone() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        Path file = dir.resolve("cache.json");
        DirectoryCache cache = DirectoryCache.load(file, clock);
        cache.putKeyService("Corp.Example", Optional.of(THEIRS));
        cache.putKeyService("plain.example", Optional.empty());
        cache.save();
        DirectoryCache again = DirectoryCache.load(file, clock);
        assertThat(again.keyService("corp.example")).contains(Optional.of(THEIRS));
        assertThat(again.keyService("plain.example")).contains(Optional.empty());
        assertThat(again.keyService("other.example")).isEmpty();
        clock.advance(DirectoryCache.TTL);
        assertThat(again.keyService("corp.example")).isEmpty();
    }

    @Test
    void aDamagedFileIsAnEmptyCacheAndIsReplaced() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        Path file = dir.resolve("cache.json");
        Files.writeString(file, "{\"version\": 1, \"entries\": {\"bob@example.org\": {\"service\": \"x\", \"certificates\": [{\"pem\": \"junk\"}]}}");
        DirectoryCache cache = DirectoryCache.load(file, clock);
        assertThat(cache.entry("bob@example.org", OURS)).isEmpty();
        cache.putKeyService("corp.example", Optional.of(THEIRS));
        cache.save();
        assertThat(DirectoryCache.load(file, clock).keyService("corp.example")).contains(Optional.of(THEIRS));

        // An entry that cannot be read is dropped; the rest of the file is used.
        Files.writeString(file, Files.readString(file).replace("\"entries\" : { }",
                "\"entries\" : {\"x@example.org\": {\"certificates\": [{\"pem\": \"junk\"}]}}"));
        assertThat(Files.readString(file)).contains("x@example.org");
        assertThat(DirectoryCache.load(file, clock).keyService("corp.example")).contains(Optional.of(THEIRS));
    }

    @Test
    void anAnswerFromTheFutureIsNotTrusted() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        DirectoryCache cache = DirectoryCache.load(dir.resolve("c.json"), clock);
        cache.put(OURS, "bob@example.org", new DirectoryEntry("bob@example.org", List.of(), Optional.empty()));
        clock.advance(Duration.ofMinutes(-1));
        assertThat(cache.entry("bob@example.org", OURS)).isEmpty();
    }
}
