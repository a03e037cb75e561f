package org.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.directory.Quota;
import org.sealpost.server.directory.DirectorySettings;

/** The {@code directory.*} settings: defaults, a file, and bad values named with their key. */
class DirectoryConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheDirectoryHasItsDefaults() {
        assertThat(ServerConfig.load(Optional.empty(), Map.of(), Map.of()).directory()).isEqualTo(DirectorySettings.defaults());
    }

    @Test
    void everyDirectorySettingIsRead() throws IOException {
        Path bundle = Files.writeString(dir.resolve("roots.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path file = write("""
                directory.trust-store = roots.pem
                directory.rate.anonymous = 10/s
                directory.rate.device = 5000/h
                directory.rate.business = 100000/h
                directory.provisional.rate = 3/d
                directory.provisional.rate.business = 50/min
                directory.provisional.lifetime = 7d
                directory.batch.max = 50
                directory.cache.max-age = 5m
                directory.maintenance.interval = 10m
                directory.recheck.interval = 12h
                """);
        DirectorySettings settings = ServerConfig.load(Optional.of(file), Map.of(), Map.of()).directory();
        assertThat(settings).isEqualTo(new DirectorySettings(Optional.of(bundle), new Quota(10, Duration.ofSeconds(1)),
                new Quota(5000, Duration.ofHours(1)), new Quota(100_000, Duration.ofHours(1)), new Quota(3, Duration.ofDays(1)),
                new Quota(50, Duration.ofMinutes(1)), Duration.ofDays(7), 50,
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(12)));
    }

    @Test
    void aBadValueIsNamedWithItsKey() throws IOException {
        assertBad("directory.rate.anonymous = lots\n", "directory.rate.anonymous");
        assertBad("directory.rate.device = 0/min\n", "directory.rate.device");
        assertBad("directory.rate.business = many\n", "directory.rate.business");
        assertBad("directory.provisional.rate.business = 5/week\n", "directory.provisional.rate.business");
        assertBad("directory.batch.max = 5000\n", "directory.batch.max");
        assertBad("directory.trust-store = missing.pem\n", "directory.trust-store");
        assertBad("directory.provisional.lifetime = soon\n", "directory.provisional.lifetime");
    }

    private void assertBad(String content, String key) throws IOException {
        Path file = write(content);
        assertThatThrownBy(() -> ServerConfig.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(key + " = ");
    }

    private int files;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("sealpost-" + (++files) + ".properties"), content, StandardCharsets.UTF_8);
    }
}
