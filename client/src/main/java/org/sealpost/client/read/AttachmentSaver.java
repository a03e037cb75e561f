package org.sealpost.client.read;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes attachments into one directory under names that are safe there: the sender's file name
 * without any directory part, control or reserved characters, leading dots or Windows device
 * names, never outside the directory and never over an existing file (a number is added instead).
 */
public final class AttachmentSaver {
    private static final int MAX_NAME = 120;
    private static final Set<String> DEVICE_NAMES = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
            "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private final Path dir;

    public AttachmentSaver(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Saves every attachment; returns where each went, in order. Creates the directory when missing.
     *
     * @throws IOException when the directory or a file cannot be written
     */
    public List<Path> save(List<Attachment> attachments) throws IOException {
        Files.createDirectories(dir);
        Path base = dir.toRealPath();
        List<Path> out = new ArrayList<>();
        for (Attachment a : attachments) {
            out.add(write(base, safeName(a.name()), a.content()));
        }
        return out;
    }

    private static Path write(Path base, String name, byte[] content) throws IOException {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 0; n < 1000; n++) {
            Path target = base.resolve(n == 0 ? name : stem + "-" + n + ext).normalize();
            if (!base.equals(target.getParent())) {
                // Cannot happen with a sanitized name; checked because the sender chose it.
                throw new IOException("refusing to write an attachment outside " + base);
            }
            try {
                Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return target;
            } catch (FileAlreadyExistsException e) {
                // Try the next number.
            }
        }
        throw new IOException("too many files named like " + name + " in " + base);
    }

    /** A file name that is harmless in any directory: no separators, no controls, no leading dot. */
    public static String safeName(String name) {
        String last = name.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        StringBuilder b = new StringBuilder();
        last.codePoints().forEach(c -> {
            boolean bad = Character.isISOControl(c) || "<>:\"|?*".indexOf(c) >= 0 || Character.getType(c) == Character.FORMAT;
            b.appendCodePoint(bad ? '_' : c);
        });
        String safe = b.toString().strip();
        while (safe.startsWith(".")) {
            safe = safe.substring(1);
        }
        while (safe.endsWith(".") || safe.endsWith(" ")) {
            safe = safe.substring(0, safe.length() - 1);
        }
        if (safe.length() > MAX_NAME) {
            int dot = safe.lastIndexOf('.');
            String ext = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            int cut = MAX_NAME - ext.length();
            if (Character.isHighSurrogate(safe.charAt(cut - 1))) {
                cut--;
            }
            safe = safe.substring(0, cut) + ext;
        }
        String stem = safe.contains(".") ? safe.substring(0, safe.indexOf('.')) : safe;
        if (safe.isEmpty() || DEVICE_NAMES.contains(stem.toLowerCase(Locale.ROOT))) {
            safe = "attachment" + (safe.isEmpty() ? "" : "-" + safe);
        }
        return safe;
    }
}
