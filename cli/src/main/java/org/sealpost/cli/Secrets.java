package org.sealpost.cli;

/** Passwords come from environment variables named on the command line, never from arguments. */
public final class Secrets {
    private Secrets() {
    }

    /** The value of the variable as a char array, or null when no variable was named. */
    public static char[] fromEnv(String variable) throws CliException {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new CliException(ExitCodes.USAGE, "environment variable " + variable + " is not set");
        }
        return value.toCharArray();
    }
}
