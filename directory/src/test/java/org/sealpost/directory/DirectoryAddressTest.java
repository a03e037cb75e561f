package org.sealpost.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sealpost.kms.OwnerAddress;

class DirectoryAddressTest {
    @Test
    void theDomainBecomesALowerCaseALabelAndTheLocalPartKeepsItsCaseButNotItsKey() {
        DirectoryAddress a = DirectoryAddress.parse(" Alice.Smith@Bücher.EXAMPLE ");
        assertThat(a.written()).isEqualTo("Alice.Smith@xn--bcher-kva.example");
        assertThat(a.key()).isEqualTo("alice.smith@xn--bcher-kva.example");
        assertThat(DirectoryAddress.parse("alice.smith@xn--bcher-kva.example").key()).isEqualTo(a.key());
    }

    @Test
    void smtpUtf8LocalPartsAreAddressesAndMatchCaseInsensitively() {
        DirectoryAddress a = DirectoryAddress.parse("Jörg@example.org");
        assertThat(a.written()).isEqualTo("Jörg@example.org");
        assertThat(a.key()).isEqualTo(DirectoryAddress.parse("JÖRG@Example.org").key()).isEqualTo("jörg@example.org");
    }

    @Test
    void theKeyIsTheKeyServicesLookUpForm() {
        for (String address : new String[] {"Bob@Example.ORG", "Jörg@Bücher.Example", "x+tag@sub.example.net"}) {
            assertThat(DirectoryAddress.parse(address).key()).isEqualTo(OwnerAddress.lookupForm(address));
        }
    }

    @Test
    void whatIsNotAnAddressIsRefusedWithAReason() {
        for (String bad : new String[] {"", " ", "alice", "@example.org", "alice@", "a b@example.org", "alice@localhost",
                "a..b@example.org", "<alice@example.org>", "\"q\"@example.org", "x".repeat(65) + "@example.org",
                "a@" + "d".repeat(330) + ".org"}) {
            assertThatThrownBy(() -> DirectoryAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("Exception");
        }
        assertThatThrownBy(() -> DirectoryAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
