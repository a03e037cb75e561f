package org.sealpost.core.smime.sign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.smime.SMIMECapabilitiesAttribute;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.asn1.smime.SMIMEEncryptionKeyPreferenceAttribute;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.io.TeeOutputStream;
import org.sealpost.core.SmimeException;
import org.sealpost.core.UnsupportedRequestException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.Names;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.MimeOutput;

/**
 * Signs RFC 5322 messages as S/MIME (RFC 8551): detached multipart/signed or opaque signed-data,
 * with one or two signers and optional RFC 3161 timestamps. The content is streamed: a detached
 * signature reads the input once, an opaque one twice, and neither holds it in memory.
 */
public final class SmimeSigner {
    private final Clock clock;
    private final SecureRandom random;

    public SmimeSigner(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public SmimeSigner() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** Reads the message from {@code input} and writes the signed message to {@code out}. */
    public void sign(MessageSource input, OutputStream out, SignOptions options) throws SmimeException, IOException {
        for (Identity signer : options.signers()) {
            requireSigningAllowed(signer.certificate());
        }
        Entity message = Entity.parse(input);
        message.contentType(); // an unparseable Content-Type fails here, before any output
        if (options.form() == SignatureForm.DETACHED) {
            signDetached(message, out, options);
        } else {
            signOpaque(message, out, options);
        }
        out.flush();
    }

    private void signDetached(Entity message, OutputStream out, SignOptions options) throws SmimeException, IOException {
        String boundary = MimeOutput.newBoundary(random);
        CMSSignedDataStreamGenerator gen = generator(options);
        ByteArrayOutputStream signature = new ByteArrayOutputStream(4096);
        message.writeEnvelopeFields(out);
        MimeOutput.line(out, "MIME-Version: 1.0");
        MimeOutput.line(out, "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg="
                + options.digest().micalg() + ";");
        MimeOutput.line(out, "\tboundary=\"" + boundary + "\"");
        out.write(MimeOutput.CRLF);
        MimeOutput.line(out, "This is an S/MIME signed message");
        out.write(MimeOutput.CRLF);
        MimeOutput.line(out, "--" + boundary);
        OutputStream digesting = gen.open(signature, false);
        OutputStream both = new TeeOutputStream(MimeOutput.keepOpen(out), digesting);
        if (message.needsSevenBitEncoding()) {
            // 8-bit or over-long lines would be rewritten by some relay and break the signature.
            message.writeSevenBitInnerEntity(both);
        } else {
            message.writeInnerEntity(both);
        }
        digesting.close();
        byte[] signedData = addTimestamps(signature.toByteArray(), options);
        out.write(MimeOutput.CRLF);
        MimeOutput.line(out, "--" + boundary);
        MimeOutput.line(out, "Content-Type: application/pkcs7-signature; name=smime.p7s");
        MimeOutput.line(out, "Content-Transfer-Encoding: base64");
        MimeOutput.line(out, "Content-Disposition: attachment; filename=smime.p7s");
        MimeOutput.line(out, "Content-Description: S/MIME Cryptographic Signature");
        out.write(MimeOutput.CRLF);
        try (OutputStream b64 = MimeOutput.base64Body(out)) {
            b64.write(signedData);
        }
        MimeOutput.line(out, "--" + boundary + "--");
    }

    private void signOpaque(Entity message, OutputStream out, SignOptions options) throws SmimeException, IOException {
        // Pass 1 computes the signer infos (and timestamps, which need the signature value); pass 2
        // encapsulates the content with those precomputed signers, so nothing is buffered.
        CMSSignedDataStreamGenerator first = generator(options);
        ByteArrayOutputStream detached = new ByteArrayOutputStream(4096);
        OutputStream digesting = first.open(detached, false);
        message.writeInnerEntity(digesting);
        digesting.close();
        CMSSignedData signed = cms(addTimestamps(detached.toByteArray(), options));

        CMSSignedDataStreamGenerator second = new CMSSignedDataStreamGenerator();
        second.addSigners(signed.getSignerInfos());
        try {
            second.addCertificates(signed.getCertificates());
        } catch (CMSException e) {
            throw new IllegalStateException(e);
        }
        message.writeEnvelopeFields(out);
        MimeOutput.line(out, "MIME-Version: 1.0");
        MimeOutput.line(out, "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m");
        MimeOutput.line(out, "Content-Transfer-Encoding: base64");
        MimeOutput.line(out, "Content-Disposition: attachment; filename=smime.p7m");
        MimeOutput.line(out, "Content-Description: S/MIME Cryptographic Signature");
        out.write(MimeOutput.CRLF);
        try (OutputStream b64 = MimeOutput.base64Body(out)) {
            OutputStream content = second.open(b64, true);
            message.writeInnerEntity(content);
            content.close();
        }
    }

    private CMSSignedDataStreamGenerator generator(SignOptions options) throws SmimeException {
        CMSSignedDataStreamGenerator gen = new CMSSignedDataStreamGenerator();
        Set<X509Certificate> certs = new LinkedHashSet<>();
        for (Identity signer : options.signers()) {
            gen.addSignerInfoGenerator(signerInfoGenerator(signer, options));
            certs.addAll(signer.chain());
        }
        options.encryptionCertificate().ifPresent(certs::add);
        try {
            gen.addCertificates(new JcaCertStore(certs));
        } catch (CertificateEncodingException | CMSException e) {
            throw new UnsupportedRequestException("a certificate cannot be encoded: " + e.getMessage(), e);
        }
        return gen;
    }

    private SignerInfoGenerator signerInfoGenerator(Identity signer, SignOptions options) throws SmimeException {
        String algorithm = options.digest().signatureAlgorithm(signer.privateKey().getAlgorithm());
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer.privateKey());
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
            attributes.add(new SMIMECapabilitiesAttribute(capabilities()));
            X509Certificate preferred = options.encryptionCertificate()
                    .orElse(mayEncrypt(signer.certificate()) ? signer.certificate() : null);
            if (preferred != null) {
                attributes.add(new SMIMEEncryptionKeyPreferenceAttribute(new IssuerAndSerialNumber(
                        X500Name.getInstance(preferred.getIssuerX500Principal().getEncoded()), preferred.getSerialNumber())));
            }
            return new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(contentSigner, signer.certificate());
        } catch (OperatorCreationException | CertificateEncodingException | IllegalArgumentException e) {
            throw new UnsupportedRequestException("cannot sign with a " + signer.privateKey().getAlgorithm()
                    + " key using " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /** What we can decrypt, strongest first (RFC 8551 section 2.5.2). */
    private static SMIMECapabilityVector capabilities() {
        SMIMECapabilityVector caps = new SMIMECapabilityVector();
        caps.addCapability(NISTObjectIdentifiers.id_aes256_GCM);
        caps.addCapability(NISTObjectIdentifiers.id_aes128_GCM);
        caps.addCapability(NISTObjectIdentifiers.id_aes256_CBC);
        caps.addCapability(NISTObjectIdentifiers.id_aes128_CBC);
        caps.addCapability(PKCSObjectIdentifiers.id_RSAES_OAEP);
        caps.addCapability(PKCSObjectIdentifiers.rsaEncryption);
        return caps;
    }

    private byte[] addTimestamps(byte[] signedData, SignOptions options) throws SmimeException {
        if (options.timestamps().isEmpty()) {
            return signedData;
        }
        TimestampClient tsa = options.timestamps().get();
        CMSSignedData sd = cms(signedData);
        List<SignerInformation> stamped = new ArrayList<>();
        for (SignerInformation si : sd.getSignerInfos().getSigners()) {
            byte[] imprint;
            try {
                imprint = MessageDigest.getInstance("SHA-256").digest(si.getSignature());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            TimeStampToken token = tsa.timestamp(NISTObjectIdentifiers.id_sha256, imprint);
            AttributeTable unsigned = si.getUnsignedAttributes() != null
                    ? si.getUnsignedAttributes() : new AttributeTable(new ASN1EncodableVector());
            unsigned = unsigned.add(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    token.toCMSSignedData().toASN1Structure());
            stamped.add(SignerInformation.replaceUnsignedAttributes(si, unsigned));
        }
        try {
            return CMSSignedData.replaceSigners(sd, new SignerInformationStore(stamped)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CMSSignedData cms(byte[] encoded) {
        try {
            return new CMSSignedData(encoded);
        } catch (CMSException e) {
            throw new IllegalStateException("re-reading our own SignedData failed", e);
        }
    }

    private static void requireSigningAllowed(X509Certificate cert) throws UnsupportedRequestException {
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !ku[0] && !ku[1]) {
            throw new UnsupportedRequestException("the certificate of " + Names.display(cert.getSubjectX500Principal())
                    + " does not allow signing (keyUsage lacks digitalSignature and nonRepudiation)");
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.4") && !eku.contains("2.5.29.37.0")) {
                throw new UnsupportedRequestException("the certificate of " + Names.display(cert.getSubjectX500Principal())
                        + " is not for email (extendedKeyUsage lacks emailProtection)");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new UnsupportedRequestException("the signing certificate's extendedKeyUsage cannot be read");
        }
    }

    private static boolean mayEncrypt(X509Certificate cert) {
        boolean[] ku = cert.getKeyUsage();
        return ku == null || ku[2] || ku[4];
    }
}
