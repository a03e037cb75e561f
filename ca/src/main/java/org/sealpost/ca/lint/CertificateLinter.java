package org.sealpost.ca.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sealpost.ca.CaException;

/**
 * Checks a to-be-signed certificate against its profile and the CA/Browser Forum S/MIME Baseline
 * Requirements before the CA key signs anything: a certificate that fails is never signed. Every rule
 * runs, so one refusal names every problem at once.
 */
public final class CertificateLinter {
    private final List<LintRule> rules;

    /** A linter applying {@code rules}, in order. */
    public CertificateLinter(List<LintRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The linter with every standard rule. */
    public static CertificateLinter standard() {
        return new CertificateLinter(standardRules());
    }

    /** Every standard rule, grouped by subject. */
    public static List<LintRule> standardRules() {
        List<LintRule> all = new ArrayList<>();
        all.addAll(KeyRules.all());
        all.addAll(SignatureRules.all());
        all.addAll(SerialRules.all());
        all.addAll(ValidityRules.all());
        all.addAll(ExtensionRules.all());
        all.addAll(NameRules.all());
        return List.copyOf(all);
    }

    /** The rules this linter applies. */
    public List<LintRule> rules() {
        return rules;
    }

    /** Applies every rule. */
    public LintReport lint(LintTarget target) {
        return new LintReport(rules.stream().map(r -> r.evaluate(target)).flatMap(Optional::stream).toList());
    }

    /** Applies every rule and throws, naming each failed rule, unless all pass. */
    public void require(LintTarget target) throws CaException.LintFailure {
        lint(target).requirePassed();
    }
}
