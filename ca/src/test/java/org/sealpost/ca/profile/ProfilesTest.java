package org.sealpost.ca.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The registry's names, URL derivation, lifetimes and mailbox forms. */
class ProfilesTest {
    @Test
    void standardNamesAreAContract() {
        assertThat(Profiles.standard().names()).containsExactly("encryption", "signing-v1", "signing-v2", "signing-v3",
                "signing-v4", "timestamping");
        assertThatThrownBy(() -> Profiles.standard().get("signing-v5")).hasMessageContaining("known: encryption");
    }

    @Test
    void urlsAreDerivedFromTheBase() {
        CaUrls urls = new CaUrls("http://localhost:8080/");
        assertThat(urls.crl("issuing")).isEqualTo("http://localhost:8080/crl/issuing.crl");
        assertThat(urls.ocsp()).isEqualTo("http://localhost:8080/ocsp");
        assertThat(urls.caIssuers("root")).isEqualTo("http://localhost:8080/ca/root.cer");
        assertThatThrownBy(() -> new CaUrls("https://ca.example.org")).hasMessageContaining("plain HTTP");
    }

    @Test
    void cabfStrictCapsLifetimes() {
        CertificateProfile enc = Profiles.standard().get(Profiles.ENCRYPTION);
        assertThat(CaPolicy.defaults().lifetime(enc)).isEqualTo(Duration.ofDays(1095));
        assertThat(CaPolicy.defaults().withCabfStrict(true).lifetime(enc)).isEqualTo(Duration.ofDays(825));
        assertThat(CaPolicy.defaults().withLifetime(Profiles.ENCRYPTION, Duration.ofDays(30)).withCabfStrict(true)
                .lifetime(enc)).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void mailboxFormsFollowRfc8398() {
        MailboxAddress ascii = MailboxAddress.parse("Bob@Bücher.Example");
        assertThat(ascii.asciiLocalPart()).isTrue();
        assertThat(ascii.canonical()).isEqualTo("Bob@xn--bcher-kva.example");
        assertThat(MailboxAddress.parse("jörg@example.org").asciiLocalPart()).isFalse();
        assertThatThrownBy(() -> MailboxAddress.parse("no-at-sign")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailboxAddress.parse("a b@example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailboxAddress.parse("a@localhost")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDomainThatIdna2003WouldMapToAnotherNameIsRefusedNotRewritten() {
        assertThatThrownBy(() -> MailboxAddress.parse("user@straße.de")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strasse.de");
        assertThat(MailboxAddress.parse("user@xn--strae-oqa.de").asciiDomain()).isEqualTo("xn--strae-oqa.de");
        assertThat(MailboxAddress.parse("user@Example.ORG").asciiDomain()).isEqualTo("example.org");
    }
}
