package org.sealpost.server.enroll;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** What became of an enrollment's completion: {@link Enrolled} or {@link Rejected}. */
public sealed interface Completion {

    /**
     * The device is registered with its certificates.
     *
     * @param device     the new device
     * @param signing    its own signing certificate
     * @param encryption the address's encryption certificate, the same for every device of the address
     */
    record Enrolled(DeviceRecord device, X509Certificate signing, X509Certificate encryption) implements Completion {
        public Enrolled {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(signing, "signing");
            Objects.requireNonNull(encryption, "encryption");
        }
    }

    /**
     * Nothing was enrolled.
     *
     * @param problem why, as a stable code
     * @param message for people; never a secret
     */
    record Rejected(EnrollmentProblem problem, String message) implements Completion {
        public Rejected {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(message, "message");
        }
    }
}
