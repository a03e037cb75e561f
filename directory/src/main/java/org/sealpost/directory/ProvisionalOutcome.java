package org.sealpost.directory;

import java.time.Duration;
import java.util.Objects;

/** The answer to a sender asking for an address's provisional key. */
public sealed interface ProvisionalOutcome {
    /** The address's provisional key; {@code created} when this request made it. */
    record Offered(ProvisionalKey key, boolean created) implements ProvisionalOutcome {
        public Offered {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The address has certificates: encrypt to them instead. */
    record HasCertificates(DirectoryAnswer answer) implements ProvisionalOutcome {
        public HasCertificates {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** The owner has enrolled (the key service holds their active key) but no certificate is published yet. */
    record Enrolled(DirectoryAddress address) implements ProvisionalOutcome {
        public Enrolled {
            Objects.requireNonNull(address, "address");
        }
    }

    /** The sender made too many provisional keys lately; nothing was made. */
    record RateLimited(Duration retryAfter) implements ProvisionalOutcome {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
