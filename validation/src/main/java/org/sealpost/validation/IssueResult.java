package org.sealpost.validation;

import java.time.Instant;
import java.util.Objects;

/** What became of a challenge request: {@link Issued}, {@link Refused} or {@link MailFailed}. */
public sealed interface IssueResult permits IssueResult.Issued, Refused, IssueResult.MailFailed {

    /**
     * The challenge mail is on its way; the caller gets the other token part.
     *
     * @param challengeId the id to answer under
     * @param address     the address mailed, in look-up form
     * @param httpsPart   the token part that is not in the mail; kept out of {@link #toString()}
     * @param expiresAt   answers are refused from then on
     */
    record Issued(String challengeId, String address, String httpsPart, Instant expiresAt) implements IssueResult {
        public Issued {
            Objects.requireNonNull(challengeId, "challengeId");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(httpsPart, "httpsPart");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Issued[challengeId=" + challengeId + ", address=" + address + ", httpsPart=(redacted), expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * The mail could not be handed to the relay, so no challenge exists.
     *
     * @param reason the relay and what went wrong, for the operator
     */
    record MailFailed(String reason) implements IssueResult {
        public MailFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
