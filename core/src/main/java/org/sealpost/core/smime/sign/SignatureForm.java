package org.sealpost.core.smime.sign;

/** How a signature travels with the content. */
public enum SignatureForm {
    /** multipart/signed: readable by clients without S/MIME support. The default. */
    DETACHED,
    /** application/pkcs7-mime; smime-type=signed-data: content inside the SignedData. */
    OPAQUE
}
