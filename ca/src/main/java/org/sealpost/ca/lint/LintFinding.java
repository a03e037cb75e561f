package org.sealpost.ca.lint;

/**
 * One broken rule.
 *
 * @param rule    the rule's name, e.g. {@code e_rsa_mod_multiple_of_8}
 * @param message what is wrong with this certificate, for a person
 */
public record LintFinding(String rule, String message) {
}
