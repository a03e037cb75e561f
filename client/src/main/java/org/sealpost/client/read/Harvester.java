package org.sealpost.client.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.sealpost.client.service.DirectoryEntry;
import org.sealpost.client.service.HarvestOutcome;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;

/**
 * Signer certificates of other CAs and the directory. The directory publishes a certificate only
 * when it chains to a root of the operator's trust store for email (docs/DIRECTORY.md), so what it
 * publishes is vouched for: such a signer is validated (Vp) although the local store does not hold
 * that root. Certificates it was never given are submitted (harvest), so that the next sender can
 * encrypt to that person without any exchange; each is submitted once: the SHA-256 fingerprints of
 * those submitted are kept in a plain file of the client's home (public data only). A failure is
 * never fatal: it becomes a note, nothing is vouched for, and a failed submission is tried again
 * next time.
 */
public final class Harvester {
    /** Certificates per harvest call: keeps a request well under the service's 64 KiB body limit. */
    static final int BATCH = 10;
    /** Addresses per look-up call (the service's batch limit). */
    static final int LOOKUP_BATCH = 100;

    /**
     * A certificate to ask about.
     *
     * @param certificate the signer certificate (of another CA)
     * @param addresses   the addresses it names, where the directory would publish it
     * @param others      the other certificates of the signature (intermediates)
     * @param needsVouch  the local store cannot validate it, so the directory's word is wanted
     */
    public record Candidate(X509Certificate certificate, List<String> addresses, List<X509Certificate> others, boolean needsVouch) {
        public Candidate {
            Objects.requireNonNull(certificate, "certificate");
            addresses = List.copyOf(addresses);
            others = List.copyOf(others);
        }
    }

    /** The directory's word on a certificate: {@code vouched} when it publishes it; else why not. */
    public record Answer(boolean vouched, String reason) {
        public Answer {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final Path seenFile;
    private final SealpostService directory;
    private final Consumer<String> notes;
    private Set<String> seen;

    /**
     * @param seenFile  the file of fingerprints already submitted, e.g. {@code <home>/harvested.txt}
     * @param directory the service, calling as the device (look-up and harvest need a device token)
     */
    public Harvester(Path seenFile, SealpostService directory, Consumer<String> notes) {
        this.seenFile = Objects.requireNonNull(seenFile, "seenFile");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /**
     * Asks the directory about {@code candidates}: which it publishes, and submits those it was never
     * given. Returns the answers by fingerprint (see {@link #fingerprint}); every candidate has one.
     */
    public synchronized Map<String, Answer> resolve(Collection<Candidate> candidates) {
        Map<String, Candidate> all = new LinkedHashMap<>();
        candidates.forEach(c -> all.putIfAbsent(fingerprint(c.certificate()), c));
        Map<String, Answer> answers = new HashMap<>();
        if (all.isEmpty()) {
            return answers;
        }
        Map<String, Candidate> ask = new LinkedHashMap<>();
        all.forEach((fp, c) -> {
            if (c.needsVouch() || !seen().contains(fp)) {
                ask.put(fp, c);
            }
        });
        Set<String> published;
        try {
            published = published(ask.values());
        } catch (ServiceException e) {
            notes.accept("could not ask the directory about " + all.size() + " signer certificate(s): " + e.getMessage());
            all.keySet().forEach(fp -> answers.put(fp, new Answer(false, "the directory could not be asked")));
            return answers;
        }
        List<String> known = new ArrayList<>();
        List<Candidate> submit = new ArrayList<>();
        all.forEach((fp, c) -> {
            if (published.contains(fp)) {
                answers.put(fp, new Answer(true, "published by the directory"));
                if (!seen().contains(fp)) {
                    known.add(fp);
                }
            } else if (!seen().contains(fp)) {
                submit.add(c);
            } else {
                answers.put(fp, new Answer(false, "the service's directory does not publish it either"));
            }
        });
        remember(known);
        for (int i = 0; i < submit.size(); i += BATCH) {
            harvest(submit.subList(i, Math.min(submit.size(), i + BATCH)), answers);
        }
        return answers;
    }

    /** Fingerprints of the certificates the directory publishes for the candidates' addresses. */
    private Set<String> published(Collection<Candidate> candidates) throws ServiceException {
        Set<String> addresses = new LinkedHashSet<>();
        candidates.forEach(c -> addresses.addAll(c.addresses()));
        List<String> list = new ArrayList<>(addresses);
        Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i += LOOKUP_BATCH) {
            for (DirectoryEntry entry : directory.lookup(list.subList(i, Math.min(list.size(), i + LOOKUP_BATCH)))) {
                entry.certificates().forEach(p -> out.add(fingerprint(p.certificate())));
            }
        }
        return out;
    }

    private void harvest(List<Candidate> batch, Map<String, Answer> answers) {
        List<X509Certificate> certificates = batch.stream().map(Candidate::certificate).toList();
        Set<X509Certificate> intermediates = new LinkedHashSet<>();
        batch.forEach(c -> intermediates.addAll(c.others()));
        intermediates.removeAll(certificates);
        List<String> fingerprints = certificates.stream().map(Harvester::fingerprint).toList();
        try {
            Map<String, HarvestOutcome> outcomes = new HashMap<>();
            for (HarvestOutcome o : directory.harvest(certificates, List.copyOf(intermediates))) {
                outcomes.put(o.fingerprint().toLowerCase(java.util.Locale.ROOT), o);
            }
            for (String fp : fingerprints) {
                HarvestOutcome o = outcomes.get(fp);
                boolean vouched = o != null && ("published".equals(o.status()) || "merged".equals(o.status()));
                answers.put(fp, vouched ? new Answer(true, "published by the directory")
                        : new Answer(false, "the service's directory refused it" + (o == null || o.reason().isBlank() ? "" : ": " + o.reason())));
            }
            remember(fingerprints);
        } catch (ServiceException e) {
            notes.accept("could not submit " + certificates.size() + " signer certificate(s) to the directory: " + e.getMessage());
            fingerprints.forEach(fp -> answers.put(fp, new Answer(false, "the directory could not be asked")));
        }
    }

    private Set<String> seen() {
        if (seen == null) {
            seen = new LinkedHashSet<>();
            try {
                for (String line : Files.readAllLines(seenFile, StandardCharsets.US_ASCII)) {
                    if (line.matches("[0-9a-f]{64}")) {
                        seen.add(line);
                    }
                }
            } catch (NoSuchFileException e) {
                // Nothing submitted yet.
            } catch (IOException e) {
                notes.accept("cannot read " + seenFile + " (" + e.getMessage() + "); certificates may be submitted again");
            }
        }
        return seen;
    }

    private void remember(List<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return;
        }
        seen().addAll(fingerprints);
        try {
            Files.createDirectories(seenFile.toAbsolutePath().getParent());
            Files.write(seenFile, fingerprints, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            notes.accept("cannot write " + seenFile + " (" + e.getMessage() + "); certificates may be submitted again");
        }
    }

    /** SHA-256 of the DER, lower-case hex, as the directory names certificates. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate that was parsed already", e);
        }
    }
}
