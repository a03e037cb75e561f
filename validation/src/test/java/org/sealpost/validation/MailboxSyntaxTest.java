package org.sealpost.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxSyntaxTest {
    @Test
    void addressesComeOutInTheKeyServicesLookUpForm() {
        assertThat(MailboxSyntax.lookupForm(" Alice@Example.ORG ")).isEqualTo("alice@example.org");
        assertThat(MailboxSyntax.lookupForm("first.last+tag@bücher.example")).isEqualTo("first.last+tag@xn--bcher-kva.example");
    }

    @Test
    void whatCannotBeMailedPlainlyIsRefused() {
        for (String bad : new String[] {null, "", "alice", "@example.org", "alice@", "a@b@example.org", "Alice <alice@example.org>",
                "<alice@example.org>", "a b@example.org", "\"a b\"@example.org", "alice@[192.0.2.1]", "a..b@example.org",
                "a.@example.org", "jörg@example.org", "a@exa_mple.org", "a@" + "x".repeat(320) + ".org"}) {
            assertThatThrownBy(() -> MailboxSyntax.lookupForm(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).message().isNotBlank();
        }
    }
}
