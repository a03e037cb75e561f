package org.sealpost.server.keys.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.core.keys.Pem;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.NoKeysException;
import org.sealpost.kms.PasswordCheck;
import org.sealpost.kms.ReleaseRefusedException;
import org.sealpost.kms.ReleasedHistory;
import org.sealpost.kms.VaultsUnavailableException;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.http.HttpProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's key endpoints (docs/API.md, "Keys"): release of the address's whole key history to
 * a transport key, every encryption certificate ever issued for those keys, and the owner's
 * protection password. Every route is device-authenticated; the
 * address is always the one of the calling device's certificate, never one from the body.
 * Passwords are read into arrays that are cleared when the request is done, and never logged.
 */
public final class KeyRoutes {
    public static final String RELEASE = "/v1/keys/release";
    public static final String PASSWORD = "/v1/keys/password";
    public static final String CERTIFICATES = "/v1/keys/certificates";
    /** The content type of a release answered as the bare envelope (RFC 8551 smime-type of AuthEnvelopedData). */
    public static final String PKCS7_MIME = "application/pkcs7-mime";
    /** A transport key (PEM RSA-4096 is under 1 KB) and a password fit many times over. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** Longer than any passphrase a person types; beyond it only the Argon2 input grows. */
    static final int MAX_PASSWORD_CHARS = 1024;
    /** What a device waits before trying again when vaults are out of reach. */
    static final int VAULT_RETRY_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(KeyRoutes.class);
    private static final String TRANSPORT_KEY = "transportKey";
    private static final String NEW_PASSWORD = "password";
    private static final String CURRENT = "current";

    private final KeyService keys;
    private final KeyProtection protection;
    private final EncryptionCertificateHistory certificates;
    private final DeviceAuthFilter auth;
    private final PasswordRefusals refusals;

    /**
     * @param auth the server's one device filter: {@link #register} guards {@code /v1/keys/*} with it,
     *             so no other guard may cover these paths (a token is used up at its first check)
     */
    public KeyRoutes(KeyService keys, KeyProtection protection, EncryptionCertificateHistory certificates,
            DeviceAuthFilter auth, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.protection = Objects.requireNonNull(protection, "protection");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.refusals = new PasswordRefusals(Objects.requireNonNull(clock, "clock"));
    }

    /** Registers the routes, each behind device authentication. */
    public void register(Javalin app) {
        auth.register(app, "/v1/keys/*");
        app.post(RELEASE, this::release);
        app.get(CERTIFICATES, this::certificates);
        app.get(PASSWORD, this::passwordState);
        app.put(PASSWORD, this::setPassword);
        app.delete(PASSWORD, this::removePassword);
    }

    private void release(Context ctx) {
        AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
        byte[] body = jsonBody(ctx);
        try (SecretFields fields = SecretFields.read(body, Set.of(TRANSPORT_KEY, NEW_PASSWORD))) {
            PublicKey transportKey = TransportKeys.parse(fields.text(TRANSPORT_KEY)
                    .orElseThrow(() -> HttpProblem.badRequest("\"transportKey\" is required")));
            Optional<char[]> password = fields.get(NEW_PASSWORD);
            if (password.isPresent() && password.get().length == 0) {
                throw HttpProblem.badRequest("\"password\" is empty: leave it out when the address has no protection password");
            }
            ReleasedHistory released = keys.releaseHistory(device.address(), transportKey, password, actor(device));
            ctx.header("Cache-Control", "no-store");
            if (wantsEnvelope(ctx)) {
                ctx.contentType(PKCS7_MIME + "; smime-type=authEnveloped-data").result(released.envelope());
            } else {
                ctx.json(new ReleaseAnswer(released.address(), Base64.getEncoder().encodeToString(released.envelope()),
                        released.keyIds().size()));
            }
        } catch (ReleaseRefusedException e) {
            refusals.answer(ctx, e);
        } catch (NoKeysException e) {
            throw new HttpProblem(404, "no_keys", "there are no keys for " + device.address() + " yet");
        } catch (VaultsUnavailableException e) {
            // The message names vaults and their URLs: the operator's business, not the device's.
            LOG.warn("release for {} refused, vaults out of reach: {}", device, e.getMessage());
            ctx.header("Retry-After", Integer.toString(VAULT_RETRY_SECONDS));
            throw new HttpProblem(503, "vaults_unavailable", "the key vaults cannot be reached; try again later");
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private void certificates(Context ctx) {
        AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
        List<CertificateEntry> entries = certificates.of(device.address()).stream().map(CertificateEntry::of).toList();
        // Revocation state changes: no cache may keep a copy and serve it stale later.
        ctx.header("Cache-Control", "no-store");
        ctx.json(new CertificatesAnswer(device.address(), entries));
    }

    private void passwordState(Context ctx) {
        ctx.json(Map.of("protected", protection.isProtected(DeviceAuthFilter.device(ctx).address())));
    }

    private void setPassword(Context ctx) {
        AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
        byte[] body = jsonBody(ctx);
        try (SecretFields fields = SecretFields.read(body, Set.of(NEW_PASSWORD, CURRENT))) {
            char[] replacement = fields.get(NEW_PASSWORD).orElseThrow(() -> HttpProblem.badRequest("\"password\" is required"));
            if (replacement.length == 0 || replacement.length > MAX_PASSWORD_CHARS) {
                throw HttpProblem.badRequest("the protection password must have 1 to " + MAX_PASSWORD_CHARS + " characters");
            }
            Optional<char[]> current = fields.get(CURRENT);
            if (current.isEmpty()) {
                if (protection.setFirstPassword(device.address(), replacement, actor(device))) {
                    ctx.status(204);
                } else {
                    refusals.required(ctx, "a protection password is set: send it as \"current\" to change it");
                }
                return;
            }
            answer(ctx, protection.changePassword(device.address(), current.get(), replacement, actor(device)));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private void removePassword(Context ctx) {
        AuthenticatedDevice device = DeviceAuthFilter.device(ctx);
        byte[] body = jsonBody(ctx);
        try (SecretFields fields = SecretFields.read(body, Set.of(CURRENT))) {
            Optional<char[]> current = fields.get(CURRENT);
            if (current.isEmpty()) {
                if (protection.isProtected(device.address())) {
                    refusals.required(ctx, "send the protection password as \"current\" to remove it");
                } else {
                    notProtected();
                }
                return;
            }
            answer(ctx, protection.removePassword(device.address(), current.get(), actor(device)));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private void answer(Context ctx, PasswordCheck check) {
        switch (check) {
            case PasswordCheck.Ok ok -> ctx.status(204);
            case PasswordCheck.NotProtected none -> notProtected();
            default -> refusals.answer(ctx, check);
        }
    }

    private static void notProtected() {
        throw new HttpProblem(409, "not_protected", "this address has no protection password; set one with PUT and only \"password\"");
    }

    /** The body of a JSON request, at most {@link #MAX_BODY_BYTES}. */
    private static byte[] jsonBody(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Arrays.fill(body, (byte) 0);
            throw HttpProblem.unsupportedMediaType("send the request as application/json");
        }
        if (body.length > MAX_BODY_BYTES) {
            Arrays.fill(body, (byte) 0);
            throw new HttpProblem(413, "payload_too_large", "the request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static boolean wantsEnvelope(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(PKCS7_MIME);
    }

    /** The audit actor of a device's request, as docs/DEVICE-AUTH.md names it. */
    private static String actor(AuthenticatedDevice device) {
        return "device:" + device.serialHex();
    }

    /**
     * A release answered as JSON.
     *
     * @param address the address whose keys these are (the device's own)
     * @param keys    base64 of the DER CMS AuthEnvelopedData holding every key of the history
     * @param count   how many keys it holds
     */
    record ReleaseAnswer(String address, String keys, int count) {
    }

    /**
     * The encryption certificates of the address, newest first.
     *
     * @param address      the device's own address
     * @param certificates every one the CA issued for it, expired and revoked included
     */
    record CertificatesAnswer(String address, List<CertificateEntry> certificates) {
    }

    /**
     * One encryption certificate.
     *
     * @param pem              the certificate
     * @param serialNumber     lower-case hex, as mail names it (with the issuer) and operators type it
     * @param revocationReason the RFC 5280 reason name, null unless revoked
     */
    record CertificateEntry(String pem, String serialNumber, String notBefore, String notAfter, boolean revoked,
            String revocationReason) {
        static CertificateEntry of(StoredCertificate c) {
            return new CertificateEntry(Pem.encode(Pem.CERTIFICATE, c.der()), c.serialHex(), c.notBefore().toString(),
                    c.notAfter().toString(), c.revocation().isPresent(), c.revocation().map(r -> r.reason()).orElse(null));
        }
    }
}
