package org.sealpost.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OwnerAddressTest {
    @Test
    void lowerCasesAndConvertsTheDomainToAnALabel() {
        assertThat(OwnerAddress.lookupForm(" Alice@Example.ORG ")).isEqualTo("alice@example.org");
        assertThat(OwnerAddress.lookupForm("Jörg@Bücher.Example")).isEqualTo("jörg@xn--bcher-kva.example");
        assertThat(OwnerAddress.lookupForm("a@xn--bcher-kva.example")).isEqualTo("a@xn--bcher-kva.example");
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : new String[] {"", "alice", "@example.org", "alice@", "a@b@c"}) {
            assertThatThrownBy(() -> OwnerAddress.lookupForm(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> OwnerAddress.lookupForm(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDomainFormIsTheDomainOfTheLookUpForm() {
        assertThat(OwnerAddress.domainForm(" Bücher.Example ")).isEqualTo("xn--bcher-kva.example");
        assertThat(OwnerAddress.domainOf("Jörg@Bücher.Example")).isEqualTo("xn--bcher-kva.example");
        for (String bad : new String[] {"", " ", "a..b"}) {
            assertThatThrownBy(() -> OwnerAddress.domainForm(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> OwnerAddress.domainForm(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
