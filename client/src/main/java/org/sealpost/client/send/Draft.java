package org.sealpost.client.send;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A mail as the user wrote it, before it is signed, encrypted and sent.
 *
 * @param to          the To addresses (at least one), bare addresses such as {@code bob@example.org}
 * @param cc          the Cc addresses
 * @param subject     the subject, one line
 * @param body        the text, sent as text/plain UTF-8
 * @param attachments files to attach
 * @param encrypt     encrypt to every recipient (and the sender)
 * @param sign        sign with the device's certificates
 */
public record Draft(List<String> to, List<String> cc, String subject, String body, List<Attachment> attachments,
                    boolean encrypt, boolean sign) {
    public Draft {
        to = bare(to, "--to");
        cc = bare(cc, "--cc");
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one --to address");
        }
        Objects.requireNonNull(subject, "subject");
        if (subject.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new IllegalArgumentException("the subject must be one line without control characters");
        }
        Objects.requireNonNull(body, "body");
        attachments = List.copyOf(attachments);
    }

    /** Every recipient, To then Cc, each once (addresses differing only in case are one). */
    public List<String> recipients() {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String a : concat()) {
            if (seen.add(a.toLowerCase(Locale.ROOT))) {
                out.add(a);
            }
        }
        return out;
    }

    private List<String> concat() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        return all;
    }

    private static List<String> bare(List<String> addresses, String option) {
        List<String> out = new ArrayList<>();
        for (String a : addresses) {
            out.add(bare(a, option));
        }
        return List.copyOf(out);
    }

    /** {@code address} when it is a plain mail address (no display name, no group); else a one-line error. */
    static String bare(String address, String option) {
        String a = Objects.requireNonNull(address, "address").strip();
        try {
            InternetAddress parsed = new InternetAddress(a, true);
            if (!parsed.getAddress().equals(a) || parsed.isGroup() || a.indexOf('@') <= 0 || a.endsWith("@")) {
                throw new AddressException();
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(option + ": '" + a.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a mail address (expected e.g. bob@example.org)");
        }
    }
}
