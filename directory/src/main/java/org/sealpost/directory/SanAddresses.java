package org.sealpost.directory;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.sealpost.ca.profile.MailboxAddress;

/** The mailbox addresses a certificate's subjectAltName names (rfc822Name and SmtpUTF8Mailbox), each once. */
final class SanAddresses {
    private SanAddresses() {
    }

    /**
     * @throws IllegalArgumentException when the certificate's extensions cannot be read
     */
    static List<DirectoryAddress> of(X509Certificate certificate) {
        GeneralNames names;
        try {
            names = GeneralNames.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions(),
                    Extension.subjectAlternativeName);
        } catch (java.security.cert.CertificateEncodingException | RuntimeException e) {
            throw new IllegalArgumentException("the certificate's subjectAltName cannot be read", e);
        }
        List<DirectoryAddress> addresses = new ArrayList<>();
        if (names == null) {
            return addresses;
        }
        for (GeneralName name : names.getNames()) {
            MailboxAddress.from(name).map(DirectoryAddress::of).ifPresent(a -> {
                if (addresses.stream().noneMatch(x -> x.key().equals(a.key()))) {
                    addresses.add(a);
                }
            });
        }
        return addresses;
    }
}
