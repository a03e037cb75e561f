package org.sealpost.ca.issue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.sealpost.core.CryptoProviders;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.sealpost.ca.CaException;
import org.sealpost.ca.profile.KeyFamily;
import org.sealpost.ca.profile.MailboxAddress;

/**
 * A PKCS#10 certificate signing request whose self-signature has been checked (proof that the
 * requester holds the private key). Only the public key and the mailbox addresses are taken from it:
 * the subject of the certificate is decided by the CA from validated data, never copied from a CSR.
 */
public final class Csr {
    private final SubjectPublicKeyInfo publicKey;
    private final List<String> emails;

    private Csr(SubjectPublicKeyInfo publicKey, List<String> emails) {
        this.publicKey = publicKey;
        this.emails = List.copyOf(emails);
    }

    /**
     * Parses a PEM ({@code CERTIFICATE REQUEST}) or DER CSR and checks its signature.
     *
     * @throws CaException.BadRequest naming what is wrong: not a CSR, bad signature, unsupported key
     */
    public static Csr parse(byte[] pemOrDer) throws CaException.BadRequest {
        PKCS10CertificationRequest req = decode(pemOrDer);
        SubjectPublicKeyInfo spki = req.getSubjectPublicKeyInfo();
        if (KeyFamily.of(spki).isEmpty()) {
            throw new CaException.BadRequest("unsupported key in the CSR (" + spki.getAlgorithm().getAlgorithm()
                    + "): only RSA and EC keys are accepted");
        }
        boolean valid;
        try {
            // Bouncy Castle's EC code: the JDK's generic P-384 verification is about three times slower.
            valid = req.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(CryptoProviders.bouncyCastle()).build(spki));
        } catch (org.bouncycastle.pkcs.PKCSException e) {
            // A signature that does not even decode for this key (e.g. made by a key of another curve).
            valid = false;
        } catch (Exception e) {
            throw new CaException.BadRequest("the CSR signature cannot be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new CaException.BadRequest("the CSR signature is not valid (no proof of possession of the private key)");
        }
        try {
            return new Csr(spki, emails(req));
        } catch (RuntimeException e) {
            // Bouncy Castle reports a malformed extension request with its own class names.
            throw new CaException.BadRequest("the CSR's requested extensions (subjectAltName) are malformed", e);
        }
    }

    /** The requested public key. */
    public SubjectPublicKeyInfo publicKey() {
        return publicKey;
    }

    /** Mailbox addresses requested: SAN rfc822Name/SmtpUTF8Mailbox entries, then subject emailAddress. */
    public List<String> emails() {
        return emails;
    }

    private static PKCS10CertificationRequest decode(byte[] data) throws CaException.BadRequest {
        if (data == null || data.length == 0) {
            throw new CaException.BadRequest("the CSR is empty");
        }
        try {
            String text = new String(data, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN")) {
                try (PEMParser p = new PEMParser(new StringReader(text))) {
                    Object o = p.readObject();
                    if (o instanceof PKCS10CertificationRequest r) {
                        return r;
                    }
                    throw new CaException.BadRequest("the PEM data is not a CERTIFICATE REQUEST");
                }
            }
            return new PKCS10CertificationRequest(data);
        } catch (IOException | RuntimeException e) {
            throw new CaException.BadRequest("the CSR is malformed: not a PKCS#10 request in PEM or DER", e);
        }
    }

    private static List<String> emails(PKCS10CertificationRequest req) {
        Set<String> out = new LinkedHashSet<>();
        for (var attr : req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions exts = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            Extension san = exts.getExtension(Extension.subjectAlternativeName);
            if (san != null) {
                for (GeneralName n : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
                    MailboxAddress.from(n).ifPresent(m -> out.add(m.toString()));
                }
            }
        }
        X500Name subject = req.getSubject();
        List<String> fromSubject = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue a : rdn.getTypesAndValues()) {
                if (a.getType().equals(BCStyle.EmailAddress) && a.getValue() instanceof ASN1String s) {
                    fromSubject.add(s.getString());
                }
            }
        }
        out.addAll(fromSubject);
        return List.copyOf(out);
    }
}
