package org.sealpost.server.auth;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.sealpost.core.auth.DeviceTokenSigner;

/** A device's key pair and its certificate, as the client will hold them. */
record Device(KeyPair keys, X509Certificate certificate) {

    DeviceTokenSigner signer(Clock clock) {
        return new DeviceTokenSigner(keys.getPrivate(), certificate, clock, new SecureRandom(),
                DeviceTokenSigner.DEFAULT_LIFETIME);
    }

    /** The Authorization header for one request, made now. */
    String authorization(String method, String url, byte[] body) {
        return signer(Clock.systemUTC()).authorization(method, url, body);
    }
}
