package org.sealpost.server.enroll;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What became of a signing-certificate renewal: {@link Renewed} or {@link Refused}. */
public sealed interface Renewal {

    /** The device now acts with {@code signing}; its previous certificate is revoked as superseded. */
    record Renewed(DeviceRecord device, X509Certificate signing) implements Renewal {
        public Renewed {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(signing, "signing");
        }
    }

    /**
     * Nothing changed.
     *
     * @param renewableFrom when renewal opens, for {@link RenewalProblem#TOO_EARLY}
     */
    record Refused(RenewalProblem problem, String message, Optional<Instant> renewableFrom) implements Renewal {
        public Refused {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(renewableFrom, "renewableFrom");
        }

        Refused(RenewalProblem problem, String message) {
            this(problem, message, Optional.empty());
        }

        Refused(RenewalProblem problem, String message, Instant renewableFrom) {
            this(problem, message, Optional.of(renewableFrom));
        }
    }
}
