package org.sealpost.ca.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.ca.CaException;
import org.sealpost.ca.profile.CaPolicy;
import org.sealpost.ca.profile.CaUrls;

/** Lifetimes and the cabf-strict cap are settings in ca.properties, kept across loads and editable. */
class CaPropertiesTest {
    private static final char[] PASSWORD = "properties-test".toCharArray();

    @Test
    void thePolicyGivenAtInitIsWrittenReadBackAndMayBeEdited(@TempDir Path dir) throws Exception {
        CaPolicy policy = CaPolicy.defaults().withCabfStrict(true).withLifetime("encryption", Duration.ofDays(400));
        new CaInitializer(new SecureRandom(), Clock.systemUTC())
                .initialize(dir, CaSetup.defaults(new CaUrls("http://pki.example.org")).withPolicy(policy), PASSWORD);

        LoadedCa loaded = CaHierarchy.load(dir, PASSWORD);
        assertThat(loaded.properties().policy()).isEqualTo(policy);
        Path file = CaLayout.of(dir).properties();
        assertThat(Files.readString(file)).contains("policy.cabf-strict=true").contains("lifetime.encryption=400")
                .doesNotContain(new String(PASSWORD));

        Files.writeString(file, Files.readString(file) + "lifetime.signing-v1=30\n");
        assertThat(CaHierarchy.load(dir, PASSWORD).properties().policy().lifetimes())
                .containsEntry("signing-v1", Duration.ofDays(30)).containsEntry("encryption", Duration.ofDays(400));

        Files.writeString(file, Files.readString(file) + "lifetime.encryption=a year\n");
        assertThatThrownBy(() -> CaHierarchy.load(dir, PASSWORD))
                .isInstanceOf(CaException.SetupFailure.class).hasMessageContaining("ca.properties");
    }
}
