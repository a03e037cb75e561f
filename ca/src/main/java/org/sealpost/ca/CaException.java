package org.sealpost.ca;

import java.util.List;
import org.sealpost.ca.lint.LintFinding;

/**
 * Base of every error the CA reports. Messages are written for the person who runs the command: they
 * say what is wrong and what to do, and never contain key material, PINs or passwords.
 */
public abstract sealed class CaException extends Exception {

    private CaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The request itself is unacceptable: malformed CSR, bad signature, unsupported key, unknown profile. */
    public static final class BadRequest extends CaException {
        public BadRequest(String message) {
            super(message, null);
        }

        public BadRequest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The certificate that would have been signed breaks one or more lint rules; nothing was signed. */
    public static final class LintFailure extends CaException {
        private final List<LintFinding> findings;

        public LintFailure(List<LintFinding> findings) {
            super(describe(findings), null);
            this.findings = List.copyOf(findings);
        }

        /** Every rule that failed, in rule order. */
        public List<LintFinding> findings() {
            return findings;
        }

        /** The names of the failed rules. */
        public List<String> ruleNames() {
            return findings.stream().map(LintFinding::rule).toList();
        }

        private static String describe(List<LintFinding> findings) {
            StringBuilder sb = new StringBuilder("certificate refused by the linter: ");
            for (int i = 0; i < findings.size(); i++) {
                if (i > 0) {
                    sb.append("; ");
                }
                sb.append(findings.get(i).rule()).append(" (").append(findings.get(i).message()).append(')');
            }
            return sb.toString();
        }
    }

    /** The CA key store cannot be opened or used: wrong password or PIN, missing or damaged file, token error. */
    public static final class KeyStoreFailure extends CaException {
        public KeyStoreFailure(String message) {
            super(message, null);
        }

        public KeyStoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Creating or loading the CA directory failed: it already exists, a file is missing or unreadable. */
    public static final class SetupFailure extends CaException {
        public SetupFailure(String message) {
            super(message, null);
        }

        public SetupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The signer (software key or token) failed to produce a valid signature. */
    public static final class SigningFailure extends CaException {
        public SigningFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
