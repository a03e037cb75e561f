package org.sealpost.kms;

import java.util.List;

/**
 * A key could not be created or released because vaults could not be reached: down, timed out,
 * answering with a server error or refusing the key service's credential. Unlike other
 * {@link KeyServiceException}s, trying again later can succeed once the vaults are back, so an API
 * answers it with 503. The message names vault ids (or addresses) only.
 */
public final class VaultsUnavailableException extends KeyServiceException {
    private static final long serialVersionUID = 1L;

    private final List<String> vaults;

    /**
     * @param vaults the ids of the vaults that could not be reached, or their client's name when even
     *               the id could not be learnt
     */
    VaultsUnavailableException(String message, List<String> vaults, Throwable cause) {
        super(message, cause);
        this.vaults = List.copyOf(vaults);
    }

    VaultsUnavailableException(String message, List<String> vaults) {
        this(message, vaults, null);
    }

    /** The vaults that could not be reached. */
    public List<String> vaults() {
        return vaults;
    }
}
