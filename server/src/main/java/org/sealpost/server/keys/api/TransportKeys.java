package org.sealpost.server.keys.api;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import org.sealpost.core.KeyMaterialException;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.kms.ReleaseException;
import org.sealpost.kms.ReleasePackage;
import org.sealpost.server.http.HttpProblem;

/** Reads the transport key a device sends for a release, and refuses one keys cannot be wrapped to. */
final class TransportKeys {
    /** The error code of every unusable transport key. */
    static final String BAD_TRANSPORT_KEY = "bad_transport_key";
    private static final String PEM_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----";

    private TransportKeys() {
    }

    /**
     * The key in {@code text}: a PEM {@code PUBLIC KEY} block, or standard base64 of the DER
     * SubjectPublicKeyInfo (whitespace ignored), of a kind {@link ReleasePackage} can wrap to.
     *
     * @throws HttpProblem 400 {@value #BAD_TRANSPORT_KEY} saying what is wrong
     */
    static PublicKey parse(String text) {
        String trimmed = text.strip();
        byte[] bytes;
        if (trimmed.startsWith("-----BEGIN ")) {
            // Only a bare key: a certificate's key is a signing or encryption key, never a fresh transport key.
            if (!trimmed.startsWith(PEM_PUBLIC_KEY)) {
                throw bad("transportKey in PEM must be a \"PUBLIC KEY\" block");
            }
            bytes = trimmed.getBytes(StandardCharsets.US_ASCII);
        } else {
            try {
                bytes = Base64.getDecoder().decode(trimmed.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw bad("transportKey is neither PEM nor base64 DER");
            }
        }
        try {
            PublicKey key = KeyMaterial.publicKey(bytes, "transportKey");
            ReleasePackage.requireUsable(key);
            return key;
        } catch (KeyMaterialException | ReleaseException e) {
            throw bad(e.getMessage());
        }
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, BAD_TRANSPORT_KEY, message);
    }
}
