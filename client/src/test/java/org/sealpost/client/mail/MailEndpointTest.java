package org.sealpost.client.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailEndpointTest {
    @ParameterizedTest
    @CsvSource({
            "imap://mail.example.org, imap, mail.example.org, 143, true, false",
            "imaps://mail.example.org, imaps, mail.example.org, 993, true, true",
            "smtp://mail.example.org, smtp, mail.example.org, 587, false, false",
            "smtps://mail.example.org, smtps, mail.example.org, 465, false, true",
            "IMAPS://Mail.Example.ORG:1993/, imaps, mail.example.org, 1993, true, true",
            "smtp://127.0.0.1:3025, smtp, 127.0.0.1, 3025, false, false",
            "' imap://localhost:3143 ', imap, localhost, 3143, true, false"})
    void parsesMailServerUrls(String url, String scheme, String host, int port, boolean imap, boolean implicitTls) {
        MailEndpoint endpoint = MailEndpoint.parse(url);

        assertThat(endpoint).isEqualTo(new MailEndpoint(scheme, host, port));
        assertThat(endpoint.imap()).isEqualTo(imap);
        assertThat(endpoint.implicitTls()).isEqualTo(implicitTls);
        assertThat(endpoint.url()).isEqualTo(scheme + "://" + host + ":" + port);
        assertThat(MailEndpoint.parse(endpoint.url())).isEqualTo(endpoint);
    }

    @Test
    void ipv6HostsKeepTheirBracketsInTheUrlOnly() {
        MailEndpoint endpoint = MailEndpoint.parse("imaps://[::1]:1993");

        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint.url()).isEqualTo("imaps://[::1]:1993");
        assertThat(endpoint.hostPort()).isEqualTo("[::1]:1993");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://mail.example.org|unknown scheme 'http'",
            "pop3://mail.example.org|unknown scheme 'pop3'",
            "mail.example.org:993|not a mail server URL",
            "imap://|no host",
            "imap://:143|no host",
            "imap://mail.example.org:abc|not a valid port 'abc'",
            "imap://mail.example.org:0|port must be 1..65535, got 0",
            "smtp://mail.example.org:65536|port must be 1..65535, got 65536",
            "smtp://mail.example.org:99999999999|not a valid port",
            "imap://mail.example.org/INBOX|without a path, query or fragment",
            "imap://mail.example.org?tls=1|without a path, query or fragment",
            "imap://mail.example.org#x|without a path, query or fragment",
            "imap://bad_host:143|not a valid host name"})
    void rejectsBadUrlsWithAOneLineReason(String url, String reason) {
        assertThatThrownBy(() -> MailEndpoint.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyUrls(String url) {
        assertThatThrownBy(() -> MailEndpoint.parse(url)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> MailEndpoint.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> MailEndpoint.parse("imaps://alice:s3cret-pw@mail.example.org:993"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain a user name or password")
                .hasMessageContaining("@mail.example.org:993")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw").doesNotContain("alice"));
    }

    @Test
    void rejectsUrlsWithLineBreaksOnOneLine() {
        assertThatThrownBy(() -> MailEndpoint.parse("imap://host/\r\nINBOX"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    void theCanonicalConstructorChecksToo() {
        assertThatThrownBy(() -> new MailEndpoint("https", "h", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailEndpoint("imap", " ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailEndpoint("imap", "h", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
