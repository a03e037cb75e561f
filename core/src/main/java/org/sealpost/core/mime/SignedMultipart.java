package org.sealpost.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.sealpost.core.MalformedMessageException;

/**
 * The two parts of a multipart/signed entity (RFC 8551 section 3.5.3): the signed part, as a slice
 * of the source read in place, and the decoded signature.
 *
 * @param signedPart the exact bytes of the first part, headers included
 * @param signature  the DER (or BER) SignedData of the second part
 */
public record SignedMultipart(MessageSource signedPart, byte[] signature) {

    /** Splits and checks a multipart/signed entity. */
    public static SignedMultipart read(Entity entity, int maxSignatureBytes) throws MalformedMessageException, IOException {
        List<MessageSource> parts = Multipart.parts(entity);
        if (parts.size() != 2) {
            throw new MalformedMessageException("multipart/signed must have exactly 2 parts, this one has " + parts.size());
        }
        Entity signaturePart = Entity.parsePart(parts.get(1));
        String type = signaturePart.baseType();
        if (!type.equals("application/pkcs7-signature") && !type.equals("application/x-pkcs7-signature")) {
            throw new MalformedMessageException("the second part of multipart/signed is " + type.toLowerCase(Locale.ROOT)
                    + ", not application/pkcs7-signature");
        }
        byte[] signature;
        try (InputStream in = signaturePart.openDecodedBody()) {
            signature = in.readNBytes(maxSignatureBytes + 1);
        } catch (IOException e) {
            throw new MalformedMessageException("the signature part is not correctly "
                    + signaturePart.headers().transferEncoding() + " encoded", e);
        }
        if (signature.length > maxSignatureBytes) {
            throw new MalformedMessageException("the signature part is larger than " + maxSignatureBytes + " bytes");
        }
        if (signature.length == 0) {
            throw new MalformedMessageException("the signature part is empty");
        }
        return new SignedMultipart(parts.get(0), signature);
    }
}
