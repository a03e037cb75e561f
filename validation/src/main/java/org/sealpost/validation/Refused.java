package org.sealpost.validation;

import java.util.Objects;

/** A challenge request or an answer that was refused, and why. */
public record Refused(Refusal reason) implements IssueResult, AnswerResult {
    public Refused {
        Objects.requireNonNull(reason, "reason");
    }
}
