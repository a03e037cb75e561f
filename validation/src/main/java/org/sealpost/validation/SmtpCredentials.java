package org.sealpost.validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The login at the SMTP relay. The password never goes into a message or {@link #toString()}.
 *
 * @param username not blank
 * @param password not empty; the record keeps the caller's array
 */
public record SmtpCredentials(String username, char[] password) {
    public SmtpCredentials {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("the SMTP username must not be blank");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the SMTP password for " + username + " is empty");
        }
    }

    /**
     * The password from the environment variable {@code variable}.
     *
     * @throws IllegalArgumentException when the variable is not set or empty
     */
    public static SmtpCredentials fromEnvironment(String username, String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the SMTP password variable " + variable + " is not set");
        }
        return new SmtpCredentials(username, value.toCharArray());
    }

    /**
     * The password from the first line of {@code file} (UTF-8; a trailing line break is not part of it).
     *
     * @throws IllegalArgumentException when the file cannot be read or its first line is empty
     */
    public static SmtpCredentials fromFile(String username, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the SMTP password file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        try {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new IllegalArgumentException("the SMTP password file " + file + " is empty");
            }
            return new SmtpCredentials(username, line.toCharArray());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpCredentials other && username.equals(other.username) && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, Arrays.hashCode(password));
    }

    @Override
    public String toString() {
        return "SmtpCredentials[username=" + username + ", password=(redacted)]";
    }
}
