package org.sealpost.cli.client;

import java.io.Console;
import java.util.Optional;

/** Questions to the user, only when there is a terminal to ask on. */
final class Prompt {
    private Prompt() {
    }

    /** True when there is a terminal to ask on (so a command can fail before it does any work). */
    static boolean interactive() {
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    /** A secret typed without echo, or empty when standard input is not a terminal. */
    static Optional<char[]> secret(String prompt) {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readPassword("%s", prompt));
    }

    /**
     * From JDK 22 on, {@code System.console()} returns a console even when the streams are redirected;
     * {@code Console.isTerminal()} (JDK 22) tells. On JDK 21 a console exists only for a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
