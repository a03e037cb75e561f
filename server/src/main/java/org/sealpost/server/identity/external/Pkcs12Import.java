package org.sealpost.server.identity.external;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.server.identity.IdentityProblem;

/**
 * The {@link ExternalCaConnector} for a PKCS#12 file another CA delivered: it must hold exactly one
 * key with its certificate chain, and pass the {@link ExternalCertificateCheck}.
 */
public final class Pkcs12Import implements ExternalCaConnector {
    private final Path file;
    private final char[] password;
    private final ExternalCertificateCheck check;

    /** @param password the file's password; the caller wipes it after use */
    public Pkcs12Import(Path file, char[] password, ExternalCertificateCheck check) {
        this.file = Objects.requireNonNull(file, "file");
        this.password = Objects.requireNonNull(password, "password");
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public ExternalCredential obtain(String address) throws IdentityProblem {
        List<Identity> identities;
        try {
            identities = KeyMaterial.readPkcs12(file, password);
        } catch (KeyMaterialException e) {
            throw IdentityProblem.invalid(e.getMessage());
        }
        if (identities.size() != 1) {
            throw IdentityProblem.invalid(file + ": holds " + identities.size() + " keys; export the one certificate to import");
        }
        ExternalCredential credential = new ExternalCredential(identities.get(0).privateKey(), identities.get(0).chain());
        check.check(credential, address);
        return credential;
    }
}
