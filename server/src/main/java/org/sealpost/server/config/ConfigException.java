package org.sealpost.server.config;

/**
 * The server's configuration cannot be used: an unknown key, a value that does not parse, a missing
 * token file, contradicting settings. The message is one line naming the key, the value and where it
 * came from (file, environment variable or command line); it never holds a secret, since secrets are
 * not configuration values (passwords come from named environment variables, tokens from files).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
