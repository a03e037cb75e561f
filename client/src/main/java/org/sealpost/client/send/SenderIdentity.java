package org.sealpost.client.send;

import java.net.URI;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyPairs;

/**
 * Who sends: the address, what it signs with, and the certificate its own copy is encrypted to.
 *
 * @param address               the sender's mail address
 * @param service               the Sealpost service the account enrolled with
 * @param signers               the device identity first, then at most one identity certificate for
 *                              the same key (a dual signature)
 * @param signerLabels          what each signer is, for people: "device certificate", "V2", "Vp", ...
 * @param encryptionCertificate the sender's newest valid encryption certificate, if the store has one
 */
public record SenderIdentity(String address, URI service, List<Identity> signers, List<String> signerLabels,
                             Optional<X509Certificate> encryptionCertificate) {
    public SenderIdentity {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(service, "service");
        signers = List.copyOf(signers);
        signerLabels = List.copyOf(signerLabels);
        if (signers.isEmpty() || signers.size() > 2 || signers.size() != signerLabels.size()) {
            throw new IllegalArgumentException("one or two signers with a label each");
        }
        Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
    }

    /**
     * The sender as the store describes it at {@code now}: the device's key and chain, plus the
     * identity certificate (V2-V4 or Vp) for the same key that is valid now, when there is one. S/MIME
     * carries two signers at most: of several valid ones, a Vp is preferred (readers outside
     * Sealpost trust it), else the newest.
     */
    public static SenderIdentity of(String address, URI service, StoreData data, Instant now) {
        StoreData.DeviceCredentials device = data.device()
                .orElseThrow(() -> new IllegalStateException("this device is not enrolled yet (run 'sealpost enroll')"));
        List<Identity> signers = new ArrayList<>(List.of(new Identity(device.signingKey(), device.chain())));
        List<String> labels = new ArrayList<>(List.of("device certificate"));
        // Usable: valid now, and a key here that fits it: the device key (V2-V4), or its own imported key (Vp).
        List<StoreData.IdentityCertificate> usable = data.identities().stream()
                .filter(i -> valid(i.certificate(), now)
                        && KeyPairs.matches(i.privateKey().orElse(device.signingKey()), i.certificate().getPublicKey()))
                .toList();
        usable.stream().filter(i -> i.level().equals("Vp")).findFirst().or(() -> usable.stream().findFirst()).ifPresent(i -> {
            signers.add(new Identity(i.privateKey().orElse(device.signingKey()), i.chain()));
            labels.add(i.level());
        });
        Optional<X509Certificate> own = data.encryptionKeys().stream()
                .flatMap(k -> k.certificates().stream())
                .filter(c -> valid(c, now))
                .findFirst();
        return new SenderIdentity(address, service, signers, labels, own);
    }

    private static boolean valid(X509Certificate c, Instant now) {
        try {
            c.checkValidity(Date.from(now));
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SenderIdentity[" + address + ", signers=" + signerLabels + "]";
    }
}
