package org.sealpost.server.enroll;

import java.util.Locale;

/** Why a signing certificate was not renewed; {@link #code()} is the API's {@code error} value. */
public enum RenewalProblem {
    /** The CSR is not a well-formed PKCS#10 request with a valid signature and an accepted key. */
    BAD_CSR(400),
    /** The CSR carries the current certificate's key. */
    SAME_KEY(400),
    /** The caller's certificate is not a device's (a V2-V4 certificate issued beside it). */
    UNKNOWN_DEVICE(409),
    /** The device was removed (or renewed by another request meanwhile). */
    DEVICE_REVOKED(409),
    /** The certificate is not yet in the last part of its life. */
    TOO_EARLY(409),
    /** The CA refused or failed to issue. */
    CA_FAILED(503);

    private final int status;

    RenewalProblem(int status) {
        this.status = status;
    }

    /** The HTTP status it answers with. */
    public int status() {
        return status;
    }

    /** {@code bad_csr}, {@code same_key}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
