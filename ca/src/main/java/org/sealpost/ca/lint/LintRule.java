package org.sealpost.ca.lint;

import java.util.Objects;
import java.util.Optional;

/**
 * One named check of a to-be-signed certificate. Names follow zlint's style: {@code e_} for an
 * error-level rule, then what is checked.
 *
 * @param name        stable identifier, used in errors and tests
 * @param description the requirement in one line, with its source (SBR section, RFC)
 * @param check       returns a message when the certificate breaks the rule, empty otherwise
 */
public record LintRule(String name, String description, Check check) {
    public LintRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(check, "check");
    }

    /** The rule's logic. */
    @FunctionalInterface
    public interface Check {
        /** A message describing the violation, or empty when {@code target} complies. */
        Optional<String> apply(LintTarget target);
    }

    /** Applies the rule; a structure too broken to read counts as a violation, never as a pass. */
    public Optional<LintFinding> evaluate(LintTarget target) {
        try {
            return check.apply(target).map(m -> new LintFinding(name, m));
        } catch (RuntimeException e) {
            return Optional.of(new LintFinding(name, "cannot be checked: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
