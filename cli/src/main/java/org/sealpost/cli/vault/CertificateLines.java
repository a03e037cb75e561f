package org.sealpost.cli.vault;

import java.io.PrintWriter;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.vault.tls.CertificatePin;

/** How the vault commands show and read TLS certificates and pins. */
final class CertificateLines {
    private CertificateLines() {
    }

    /** The pin, names and validity of {@code certificate}, one indented line each. */
    static void print(PrintWriter out, X509Certificate certificate) {
        out.println("    SHA-256 (pin):    " + CertificatePin.of(certificate));
        List<String> names = names(certificate);
        if (!names.isEmpty()) {
            out.println("    names:            " + String.join(", ", names));
        }
        out.println("    valid until:      " + certificate.getNotAfter().toInstant());
    }

    /** The pins of certificate files and of pins written out, checked; a bad one is a usage error. */
    static Set<CertificatePin> pins(Collection<java.nio.file.Path> certificateFiles, Collection<String> pins) throws CliException {
        Set<CertificatePin> out = new TreeSet<>(java.util.Comparator.comparing(CertificatePin::hex));
        for (java.nio.file.Path file : certificateFiles) {
            try {
                out.add(CertificatePin.of(KeyMaterial.readCertificate(file)));
            } catch (KeyMaterialException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        for (String pin : pins) {
            try {
                out.add(CertificatePin.parse(pin));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        return out;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(n -> names.add(String.valueOf(n.get(1))));
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable)");
        }
        return names;
    }
}
