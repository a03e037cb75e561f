package org.sealpost.ca.setup;

import java.util.Optional;

/**
 * The outcome of creating a CA.
 *
 * @param ca      the new hierarchy, ready to sign
 * @param layout  where its files are
 * @param warning set when the password was generated: the text the CLI prints, naming the password file
 */
public record InitResult(LoadedCa ca, CaLayout layout, Optional<String> warning) {
    /** Whether a random password was generated and written to {@link CaLayout#generatedPassword()}. */
    public boolean passwordGenerated() {
        return warning.isPresent();
    }
}
