package org.sealpost.client.keys;

/** Released keys could not be opened or read. */
public final class KeySyncException extends Exception {
    public KeySyncException(String message) {
        super(message);
    }
}
