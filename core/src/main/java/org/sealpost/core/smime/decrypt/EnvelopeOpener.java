package org.sealpost.core.smime.decrypt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.sealpost.core.CryptoProviders;
import org.sealpost.core.DecryptionException;
import org.sealpost.core.MalformedMessageException;
import org.sealpost.core.SmimeException;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.SubjectKeyIds;
import org.sealpost.core.smime.cms.CmsContentType;
import org.sealpost.core.smime.cms.CmsNames;

/**
 * Opens an EnvelopedData or AuthEnvelopedData with the matching key of a key history and returns
 * the plaintext as a stream. For AES-GCM the tag is checked when the stream reaches its end: a
 * reader must consume it fully and treat an exception there as tampering.
 */
public final class EnvelopeOpener {

    /** The plaintext stream and what was used to open it. */
    public record Opened(InputStream plaintext, String contentCipher, Identity key) {
    }

    /** Largest AES-GCM message authenticated in memory before any plaintext is released; larger ones stream. */
    public static final long IN_MEMORY_GCM_LIMIT = 16L << 20;

    private EnvelopeOpener() {
    }

    /**
     * Opens the envelope read from {@code cms}.
     *
     * @param sizeHint an upper bound of the encoded size, used to pick the in-memory AES-GCM path
     *                 for small messages; {@code Long.MAX_VALUE} when unknown
     */
    public static Opened open(InputStream cms, KeyHistory history, long sizeHint) throws SmimeException {
        BufferedInputStream in = CmsContentType.buffered(cms);
        CmsContentType type = CmsContentType.peek(in);
        RecipientInformationStore recipients;
        String cipherOid;
        try {
            switch (type) {
                case ENVELOPED_DATA -> {
                    CMSEnvelopedDataParser p = new CMSEnvelopedDataParser(in);
                    recipients = p.getRecipientInfos();
                    cipherOid = p.getEncryptionAlgOID();
                }
                case AUTH_ENVELOPED_DATA -> {
                    CMSAuthEnvelopedDataParser p = new CMSAuthEnvelopedDataParser(in);
                    recipients = p.getRecipientInfos();
                    cipherOid = p.getEncAlgOID();
                }
                default -> throw new MalformedMessageException("expected encrypted content, found CMS " + type.smimeType());
            }
        } catch (CMSException | IOException | RuntimeException e) {
            throw new MalformedMessageException("the encrypted content is malformed (" + CmsContentType.describe(e) + ")", e);
        }
        Collection<RecipientInformation> infos = recipients.getRecipients();
        List<String> failures = new ArrayList<>();
        for (Identity key : history.keys()) {
            for (RecipientInformation info : infos) {
                if (!matches(info.getRID(), key)) {
                    continue;
                }
                try {
                    return new Opened(info.getContentStream(recipientFor(key, type, cipherOid, sizeHint)).getContentStream(),
                            CmsNames.cipher(cipherOid), key);
                } catch (CMSException | IOException | RuntimeException e) {
                    failures.add(CmsContentType.describe(e));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new DecryptionException("a key matches a recipient but the content key cannot be recovered ("
                    + failures.get(0) + ")");
        }
        throw new DecryptionException("none of the " + history.keys().size() + " key(s) given matches any of the "
                + infos.size() + " recipient(s) of this message: " + describe(infos));
    }

    private static org.bouncycastle.cms.Recipient recipientFor(Identity key, CmsContentType type, String cipherOid, long sizeHint) {
        boolean ec = key.privateKey() instanceof ECPrivateKey;
        if (type == CmsContentType.AUTH_ENVELOPED_DATA) {
            if (!ec) {
                return new JdkGcmRecipient(key.privateKey(), sizeHint <= IN_MEMORY_GCM_LIMIT);
            }
            // EC-keyed: Bouncy Castle's key agreement and its streaming GCM.
            return ec
                    ? new JceKeyAgreeAuthEnvelopedRecipient(key.privateKey()).setProvider(CryptoProviders.bouncyCastle())
                    : new JceKeyTransAuthEnvelopedRecipient(key.privateKey()).setProvider(CryptoProviders.bouncyCastle());
        }
        boolean aesCbc = cipherOid.equals(CMSAlgorithm.AES256_CBC.getId()) || cipherOid.equals(CMSAlgorithm.AES128_CBC.getId())
                || cipherOid.equals(CMSAlgorithm.AES192_CBC.getId());
        var contentProvider = aesCbc ? CryptoProviders.sunJce() : CryptoProviders.bouncyCastle();
        if (ec) {
            JceKeyAgreeEnvelopedRecipient r = new JceKeyAgreeEnvelopedRecipient(key.privateKey());
            r.setProvider(CryptoProviders.bouncyCastle());
            r.setContentProvider(contentProvider);
            return r;
        }
        JceKeyTransEnvelopedRecipient r = new JceKeyTransEnvelopedRecipient(key.privateKey());
        r.setProvider(CryptoProviders.bouncyCastle());
        r.setContentProvider(contentProvider);
        return r;
    }

    static boolean matches(RecipientId rid, Identity key) {
        X500Name issuer;
        BigInteger serial;
        byte[] ski;
        if (rid instanceof KeyTransRecipientId kt) {
            issuer = kt.getIssuer();
            serial = kt.getSerialNumber();
            ski = kt.getSubjectKeyIdentifier();
        } else if (rid instanceof KeyAgreeRecipientId ka) {
            issuer = ka.getIssuer();
            serial = ka.getSerialNumber();
            ski = ka.getSubjectKeyIdentifier();
        } else {
            return false;
        }
        var cert = key.certificate();
        if (issuer != null && serial != null && cert.getSerialNumber().equals(serial)
                && sameName(X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()), issuer)) {
            return true;
        }
        return ski != null && SubjectKeyIds.candidates(cert).contains(new SubjectKeyIds.ByteKey(ski));
    }

    /** Compares a certificate's issuer with one from the message, which may be damaged and then matches nothing. */
    private static boolean sameName(X500Name ours, X500Name fromMessage) {
        try {
            return ours.equals(fromMessage);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(Collection<RecipientInformation> infos) {
        List<String> out = new ArrayList<>();
        for (RecipientInformation info : infos) {
            out.add(CmsNames.recipient(info.getRID()));
            if (out.size() == 5) {
                out.add("...");
                break;
            }
        }
        return String.join("; ", out);
    }
}
