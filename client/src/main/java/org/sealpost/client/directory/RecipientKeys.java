package org.sealpost.client.directory;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.sealpost.client.service.DirectoryEntry;

/** What a mail to one recipient can be encrypted to. */
public sealed interface RecipientKeys {
    /** The address as the sender wrote it. */
    String address();

    /**
     * Currently valid encryption certificates.
     *
     * @param service the key service that published them (ours, or the domain's own)
     */
    record Certified(String address, List<X509Certificate> certificates, URI service) implements RecipientKeys {
        public Certified {
            Objects.requireNonNull(address, "address");
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("a certified recipient needs a certificate");
            }
            Objects.requireNonNull(service, "service");
        }
    }

    /** No certificate yet: our service's provisional key for the address, its SubjectKeyIdentifier checked. */
    record Provisional(String address, DirectoryEntry.ProvisionalKey key) implements RecipientKeys {
        public Provisional {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The address's domain runs its own key service, which has no certificate for it; no provisional
     * key is made elsewhere for such a domain, so this recipient cannot be encrypted to.
     */
    record Uncertified(String address, URI keyService) implements RecipientKeys {
        public Uncertified {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(keyService, "keyService");
        }
    }
}
