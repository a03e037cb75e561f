package org.sealpost.server.enroll;

import java.util.Locale;

/** Why an enrollment was not completed; {@link #code()} is the API's {@code error} value. */
public enum EnrollmentProblem {
    /** A field is missing or unusable (device name, answer). */
    INVALID_REQUEST,
    /** The CSR is not a well-formed PKCS#10 request with a valid signature and an accepted key. */
    BAD_CSR,
    /** The CSR's key is not the account key the enrollment was started with. */
    KEY_MISMATCH,
    /** No enrollment has this id. */
    UNKNOWN,
    /** The answer is wrong (tries remain until it is {@link #EXHAUSTED}). */
    WRONG_ANSWER,
    /** The enrollment's challenge was answered already. */
    USED,
    /** The challenge's lifetime is over. */
    EXPIRED,
    /** Too many wrong answers. */
    EXHAUSTED,
    /** The key service cannot make or adopt the address's encryption key now (a vault is down). */
    KEYS_UNAVAILABLE,
    /** The CA refused or failed to issue a certificate. */
    CA_FAILED;

    /** {@code invalid_request}, {@code bad_csr}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
