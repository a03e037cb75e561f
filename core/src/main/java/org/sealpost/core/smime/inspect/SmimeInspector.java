package org.sealpost.core.smime.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.mime.Entity;
import org.sealpost.core.mime.EntityBuffer;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.mime.SignedMultipart;
import org.sealpost.core.smime.cms.CmsContentType;
import org.sealpost.core.smime.cms.CmsNames;

/** Describes the S/MIME structure of a message without verifying or decrypting anything. */
public final class SmimeInspector {
    private static final int MAX_LAYERS = 8;
    private static final int MAX_SIGNATURE_BYTES = 16 << 20;

    public Inspection inspect(MessageSource input) throws SmimeException, IOException {
        List<EntityBuffer> buffers = new ArrayList<>();
        try {
            Entity current = Entity.parse(input);
            String outer = current.contentType().getBaseType().toLowerCase(Locale.ROOT);
            List<Inspection.Part> layers = new ArrayList<>();
            for (int depth = 0; depth < MAX_LAYERS; depth++) {
                String base = current.baseType();
                MessageSource next = null;
                if (base.equals("multipart/signed")) {
                    SignedMultipart parts = SignedMultipart.read(current, MAX_SIGNATURE_BYTES);
                    layers.add(detached(parts));
                    next = parts.signedPart();
                } else if (base.equals("application/pkcs7-mime") || base.equals("application/x-pkcs7-mime")) {
                    BufferedInputStream body = CmsContentType.buffered(current.openDecodedBody());
                    CmsContentType type = CmsContentType.peek(body);
                    if (type == CmsContentType.SIGNED_DATA) {
                        EntityBuffer content = new EntityBuffer();
                        buffers.add(content);
                        layers.add(opaque(body, content));
                        next = content.toSource();
                    } else if (type == CmsContentType.ENVELOPED_DATA || type == CmsContentType.AUTH_ENVELOPED_DATA) {
                        layers.add(enveloped(body, type));
                        body.close();
                        return new Inspection(outer, layers, Optional.empty());
                    } else {
                        throw new MalformedMessageException("unsupported S/MIME content: CMS " + type.smimeType());
                    }
                } else {
                    return new Inspection(outer, layers, Optional.of(base));
                }
                try {
                    current = Entity.parsePart(next);
                } catch (MalformedMessageException e) {
                    return new Inspection(outer, layers, Optional.of("(not a MIME entity)"));
                }
            }
            return new Inspection(outer, layers, Optional.of(current.baseType()));
        } finally {
            for (EntityBuffer b : buffers) {
                b.close();
            }
        }
    }

    private static Inspection.Signed detached(SignedMultipart parts) throws SmimeException {
        try {
            CMSSignedData sd = new CMSSignedData(parts.signature());
            return new Inspection.Signed("detached", sd.getSignedContent() != null,
                    sd.getCertificates().getMatches(null).size(), signers(sd.getSignerInfos().getSigners(), sd.getCertificates()));
        } catch (CMSException | RuntimeException e) {
            throw new MalformedMessageException("the signature part is not a readable CMS SignedData ("
                    + CmsContentType.describe(e) + ")", e);
        }
    }

    private static Inspection.Signed opaque(BufferedInputStream body, EntityBuffer content) throws SmimeException {
        try {
            CMSSignedDataParser parser = new CMSSignedDataParser(new JcaDigestCalculatorProviderBuilder().build(), body);
            CMSTypedStream signed = parser.getSignedContent();
            if (signed != null) {
                try (InputStream in = signed.getContentStream()) {
                    in.transferTo(content);
                }
            }
            Store<X509CertificateHolder> certs = parser.getCertificates();
            return new Inspection.Signed("opaque", signed != null, certs.getMatches(null).size(),
                    signers(parser.getSignerInfos().getSigners(), certs));
        } catch (Exception e) {
            throw new MalformedMessageException("the signed-data is malformed (" + CmsContentType.describe(e) + ")", e);
        }
    }

    private static List<Inspection.Signer> signers(Collection<SignerInformation> infos, Store<X509CertificateHolder> certs) {
        List<Inspection.Signer> out = new ArrayList<>();
        for (SignerInformation si : infos) {
            SignerId sid = si.getSID();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> match = certs.getMatches((Selector<X509CertificateHolder>) (Selector<?>) sid);
            Optional<String> subject = match.stream().findFirst().map(h -> CmsNames.name(h.getSubject()));
            String id = sid.getIssuer() != null
                    ? "issuer=" + CmsNames.name(sid.getIssuer()) + ", serial=" + sid.getSerialNumber().toString(16)
                    : "ski=" + HexFormat.of().formatHex(sid.getSubjectKeyIdentifier());
            boolean stamped = si.getUnsignedAttributes() != null
                    && si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) != null;
            out.add(new Inspection.Signer(id, subject, CmsNames.algorithm(si.getDigestAlgOID()),
                    CmsNames.algorithm(si.getEncryptionAlgOID()), signingTime(si), stamped));
        }
        return out;
    }

    private static Optional<java.time.Instant> signingTime(SignerInformation si) {
        var attrs = si.getSignedAttributes();
        var attr = attrs == null ? null : attrs.get(org.bouncycastle.asn1.cms.CMSAttributes.signingTime);
        if (attr == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(org.bouncycastle.asn1.cms.Time.getInstance(attr.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Inspection.Enveloped enveloped(InputStream body, CmsContentType type) throws SmimeException {
        try {
            Collection<RecipientInformation> infos;
            String cipher;
            if (type == CmsContentType.ENVELOPED_DATA) {
                CMSEnvelopedDataParser p = new CMSEnvelopedDataParser(body);
                infos = p.getRecipientInfos().getRecipients();
                cipher = p.getEncryptionAlgOID();
            } else {
                CMSAuthEnvelopedDataParser p = new CMSAuthEnvelopedDataParser(body);
                infos = p.getRecipientInfos().getRecipients();
                cipher = p.getEncAlgOID();
            }
            List<Inspection.RecipientEntry> recipients = new ArrayList<>();
            for (RecipientInformation ri : infos) {
                String kind = switch (ri.getRID().getType()) {
                    case org.bouncycastle.cms.RecipientId.keyTrans -> "key-transport";
                    case org.bouncycastle.cms.RecipientId.keyAgree -> "key-agreement";
                    case org.bouncycastle.cms.RecipientId.kek -> "kek";
                    case org.bouncycastle.cms.RecipientId.password -> "password";
                    default -> "other";
                };
                recipients.add(new Inspection.RecipientEntry(kind, CmsNames.recipient(ri.getRID()),
                        CmsNames.algorithm(ri.getKeyEncryptionAlgOID())));
            }
            return new Inspection.Enveloped(type.smimeType(), CmsNames.cipher(cipher), recipients);
        } catch (CMSException | IOException | RuntimeException e) {
            throw new MalformedMessageException("the encrypted content is malformed (" + CmsContentType.describe(e) + ")", e);
        }
    }

}
