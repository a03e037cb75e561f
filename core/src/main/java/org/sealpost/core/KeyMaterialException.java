package org.sealpost.core;

/** A key, certificate or PKCS#12 file cannot be read, or a password is wrong. */
public final class KeyMaterialException extends SmimeException {
    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
