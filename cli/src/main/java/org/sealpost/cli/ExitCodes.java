package org.sealpost.cli;

/** Exit codes shared by every command. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Decryption failed, or a signature is not valid or not trusted. */
    public static final int FAILED = 1;
    /** Usage error, or input that cannot be read. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
