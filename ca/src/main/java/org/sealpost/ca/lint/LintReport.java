package org.sealpost.ca.lint;

import java.util.List;
import org.sealpost.ca.CaException;

/**
 * The outcome of linting one certificate: every finding, in rule order (empty when it passed).
 */
public record LintReport(List<LintFinding> findings) {
    public LintReport {
        findings = List.copyOf(findings);
    }

    /** True when no rule failed. */
    public boolean passed() {
        return findings.isEmpty();
    }

    /** Names of the failed rules. */
    public List<String> failedRules() {
        return findings.stream().map(LintFinding::rule).toList();
    }

    /** Throws a {@link CaException.LintFailure} naming every failed rule, unless the report is clean. */
    public void requirePassed() throws CaException.LintFailure {
        if (!passed()) {
            throw new CaException.LintFailure(findings);
        }
    }
}
