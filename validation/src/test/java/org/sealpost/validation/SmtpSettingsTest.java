package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpSettingsTest {
    private static final String SENDER = "Sealpost <noreply@example.org>";

    @Test
    void thePasswordComesFromTheEnvironmentOrAFileAndIsNeverShown(@TempDir Path dir) throws Exception {
        SmtpCredentials fromEnv = SmtpCredentials.fromEnvironment("relay-user", "SMTP_PW", Map.of("SMTP_PW", "s3cret-env"));
        assertThat(fromEnv.password()).containsExactly("s3cret-env".toCharArray());
        Path file = dir.resolve("smtp-password");
        Files.writeString(file, "s3cret-file\r\nignored second line\n", StandardCharsets.UTF_8);
        SmtpCredentials fromFile = SmtpCredentials.fromFile("relay-user", file);
        assertThat(fromFile.password()).containsExactly("s3cret-file".toCharArray());

        SmtpSettings settings = SmtpSettings.of("smtp.example.org", 587, SmtpSecurity.STARTTLS_REQUIRED, SENDER).withCredentials(fromFile);
        assertThat(settings.credentials()).contains(fromFile);
        assertThat(settings.toString()).contains("smtp.example.org:587", "relay-user").doesNotContain("s3cret");
        assertThat(fromEnv.toString()).doesNotContain("s3cret");
    }

    @Test
    void missingPasswordsAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SmtpCredentials.fromEnvironment("u", "SMTP_PW", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the SMTP password variable SMTP_PW is not set");
        assertThatThrownBy(() -> SmtpCredentials.fromFile("u", dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the SMTP password file");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> SmtpCredentials.fromFile("u", empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> new SmtpCredentials(" ", "x".toCharArray())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SmtpSettings.of("", 25, SmtpSecurity.STARTTLS_OPTIONAL, SENDER)).hasMessageContaining("host");
        assertThatThrownBy(() -> SmtpSettings.of("relay", 0, SmtpSecurity.STARTTLS_OPTIONAL, SENDER)).hasMessageContaining("port");
        assertThatThrownBy(() -> SmtpSettings.of("relay", 70_000, SmtpSecurity.STARTTLS_OPTIONAL, SENDER)).hasMessageContaining("port");
        assertThatThrownBy(() -> SmtpSettings.of("relay", 25, SmtpSecurity.STARTTLS_OPTIONAL, "noreply")).hasMessageContaining("domain");
        assertThatThrownBy(() -> SmtpSettings.of("relay", 25, SmtpSecurity.STARTTLS_OPTIONAL, "a b@c")).hasMessageContaining("sender");
        assertThatThrownBy(() -> new SmtpSettings("relay", 25, SmtpSecurity.STARTTLS_OPTIONAL, Optional.empty(), SENDER,
                Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("connect timeout");
    }

    @Test
    void validationSettingsHaveSafeDefaultsAndRefuseNonsense() {
        ValidationSettings defaults = ValidationSettings.defaults();
        assertThat(defaults.challengeLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.maxWrongAnswers()).isEqualTo(3);
        assertThat(defaults.perAddress()).isEqualTo(new RateLimit(5, Duration.ofHours(1)));
        assertThat(defaults.perClient()).isEqualTo(new RateLimit(30, Duration.ofHours(1)));
        assertThat(new ValidationSettings(Duration.ofHours(1), 3, new RateLimit(1, Duration.ofHours(2)), new RateLimit(1, Duration.ofHours(5)))
                .retention()).isEqualTo(Duration.ofHours(5));
        assertThatThrownBy(() -> new RateLimit(0, Duration.ofHours(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RateLimit(1, Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ValidationSettings(Duration.ofHours(1), 0, defaults.perAddress(), defaults.perClient()))
                .hasMessageContaining("maxWrongAnswers");
    }
}
