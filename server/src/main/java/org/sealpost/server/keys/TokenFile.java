package org.sealpost.server.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/** A vault's client token, read from the file the operator copied it to (never from the configuration itself). */
public final class TokenFile {
    private static final Set<PosixFilePermission> PRIVATE = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private TokenFile() {
    }

    /**
     * The token: the file's content without surrounding white space. The caller wipes the array.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable, empty, or readable or
     *                                  writable by group or others (a token is a credential: {@code chmod 600})
     */
    public static char[] read(Path file) {
        byte[] bytes;
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null
                    && !PRIVATE.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalArgumentException(file + ": group or others may access this token file (chmod 600 it)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such token file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        int start = chars.position();
        int end = chars.limit();
        while (start < end && Character.isWhitespace(chars.get(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars.get(end - 1))) {
            end--;
        }
        char[] token = Arrays.copyOfRange(chars.array(), start, end);
        Arrays.fill(chars.array(), '\0');
        if (token.length == 0) {
            throw new IllegalArgumentException(file + ": the token file is empty");
        }
        return token;
    }
}
