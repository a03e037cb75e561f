package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailSettingsTest {
    private static final MailEndpoint IMAP = MailEndpoint.parse("imaps://mail.example.org");
    private static final MailEndpoint SMTP = MailEndpoint.parse("smtp://mail.example.org");

    @Test
    void theLoginDefaultsToTheAddress() {
        MailSettings settings = MailSettings.of("alice@example.org", IMAP, SMTP);

        assertThat(settings.user()).isEqualTo("alice@example.org");
        assertThat(settings.extraTrust()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(MailSettings.DEFAULT_TIMEOUT);
        assertThat(settings.withUser("alice").user()).isEqualTo("alice");
        assertThat(settings.withTimeout(Duration.ofSeconds(3)).timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void endpointsMustBeOfTheirKind() {
        assertThatThrownBy(() -> MailSettings.of("alice@example.org", SMTP, SMTP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IMAP server must be an imap:// or imaps:// URL");
        assertThatThrownBy(() -> MailSettings.of("alice@example.org", IMAP, IMAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SMTP server must be an smtp:// or smtps:// URL");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> MailSettings.of("not an address", IMAP, SMTP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mail address");
        assertThatThrownBy(() -> MailSettings.of("Alice <alice@example.org>", IMAP, SMTP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare mail address");
        assertThatThrownBy(() -> new MailSettings("alice@example.org", IMAP, SMTP, " ", List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> new MailSettings("alice@example.org", IMAP, SMTP, null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }

    @Test
    void toStringNamesServersNotCertificates() {
        assertThat(MailSettings.of("alice@example.org", IMAP, SMTP).toString())
                .isEqualTo("MailSettings[alice@example.org, imap=imaps://mail.example.org:993, smtp=smtp://mail.example.org:587,"
                        + " user=alice@example.org, extraTrust=0 certificate(s), timeout=PT30S]");
    }
}
