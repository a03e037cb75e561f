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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.sealpost.client.service.HarvestOutcome;
import org.sealpost.client.service.ServiceException;

/**
 * Submits certificates of signers from other CAs to the directory, so that the next sender can
 * encrypt to them without any exchange. Certificates are collected while mail is read and sent in
 * batches by {@link #flush()}; each is submitted once: the SHA-256 fingerprints of those the
 * directory answered for are kept in a plain file of the client's home (public data only). A
 * failure is never fatal: it becomes a note, and the certificate is offered again next time.
 */
public final class Harvester {
    /** Certificates per call: keeps a request well under the service's 64 KiB body limit. */
    static final int BATCH = 10;

    /** Where certificates go: {@code SealpostService.harvest} as the device. */
    @FunctionalInterface
    public interface Target {
        List<HarvestOutcome> submit(List<X509Certificate> certificates, List<X509Certificate> intermediates) throws ServiceException;
    }

    private record Pending(X509Certificate certificate, List<X509Certificate> intermediates) {
    }

    private final Path seenFile;
    private final Target target;
    private final Consumer<String> notes;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private Set<String> seen;

    /**
     * @param seenFile the file of fingerprints already submitted, e.g. {@code <home>/harvested.txt}
     */
    public Harvester(Path seenFile, Target target, Consumer<String> notes) {
        this.seenFile = Objects.requireNonNull(seenFile, "seenFile");
        this.target = Objects.requireNonNull(target, "target");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /** Queues {@code certificate} (with the signature's other certificates) unless it was submitted before. */
    public synchronized void offer(X509Certificate certificate, List<X509Certificate> others) {
        String fingerprint = fingerprint(certificate);
        if (seen().contains(fingerprint) || pending.containsKey(fingerprint)) {
            return;
        }
        List<X509Certificate> intermediates = others.stream().filter(c -> !c.equals(certificate)).toList();
        pending.put(fingerprint, new Pending(certificate, intermediates));
    }

    /** Submits what is queued; returns the directory's verdicts. Failures are noted and the certificates kept for next time. */
    public synchronized List<HarvestOutcome> flush() {
        List<HarvestOutcome> outcomes = new ArrayList<>();
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (int i = 0; i < all.size(); i += BATCH) {
            List<Pending> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            List<X509Certificate> certificates = batch.stream().map(Pending::certificate).toList();
            Set<X509Certificate> intermediates = new LinkedHashSet<>();
            batch.forEach(p -> intermediates.addAll(p.intermediates()));
            intermediates.removeAll(certificates);
            try {
                List<HarvestOutcome> answered = target.submit(certificates, List.copyOf(intermediates));
                outcomes.addAll(answered);
                remember(certificates.stream().map(Harvester::fingerprint).toList());
            } catch (ServiceException e) {
                notes.accept("could not submit " + certificates.size() + " signer certificate(s) to the directory: " + e.getMessage());
            }
        }
        return outcomes;
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
        seen().addAll(fingerprints);
        try {
            Files.createDirectories(seenFile.toAbsolutePath().getParent());
            Files.write(seenFile, fingerprints, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            notes.accept("cannot write " + seenFile + " (" + e.getMessage() + "); certificates may be submitted again");
        }
    }

    /** SHA-256 of the DER, lower-case hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate that was parsed already", e);
        }
    }
}
