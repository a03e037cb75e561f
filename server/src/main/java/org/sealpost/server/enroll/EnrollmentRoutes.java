package org.sealpost.server.enroll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.core.keys.Pem;
import org.sealpost.server.auth.AuthenticatedDevice;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.http.HttpProblem;
import org.sealpost.validation.ChallengeRequest;
import org.sealpost.validation.ChallengeService;
import org.sealpost.validation.IssueResult;
import org.sealpost.validation.Refusal;
import org.sealpost.validation.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrollment and device endpoints (docs/API.md): {@code POST /v1/enrollments} starts an
 * enrollment (mails the challenge), {@code POST /v1/enrollments/{id}} completes it, and the
 * device-authenticated {@code GET /v1/devices} and {@code DELETE /v1/devices/{id}} list and remove
 * the caller's address's devices, and {@code POST /v1/devices/renewal} renews the caller's signing
 * certificate for a new key.
 */
public final class EnrollmentRoutes {
    static final String ENROLLMENTS = "/v1/enrollments";
    static final String DEVICES = "/v1/devices";
    static final String RENEWAL = DEVICES + "/renewal";
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<RevocationReason> DEVICE_REASONS = List.of(RevocationReason.CESSATION_OF_OPERATION,
            RevocationReason.KEY_COMPROMISE, RevocationReason.SUPERSEDED, RevocationReason.AFFILIATION_CHANGED);

    private final ChallengeService challenges;
    private final EnrollmentService enrollments;
    private final Devices devices;
    private final DeviceRevocation revocation;
    private final SigningRenewal renewal;
    private final DeviceAuthFilter auth;
    private final List<X509Certificate> chain;
    private final Clock clock;

    /** @param chain the issuing CA's certificate, then the root's, as handed to every enrolled device */
    public EnrollmentRoutes(ChallengeService challenges, EnrollmentService enrollments, Devices devices,
            DeviceRevocation revocation, SigningRenewal renewal, DeviceAuthFilter auth, List<X509Certificate> chain, Clock clock) {
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.renewal = Objects.requireNonNull(renewal, "renewal");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.chain = List.copyOf(chain);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the routes to an app. */
    public void register(Javalin app) {
        auth.register(app, DEVICES);
        auth.register(app, DEVICES + "/*");
        app.post(ENROLLMENTS, this::start);
        app.post(ENROLLMENTS + "/{id}", this::complete);
        app.get(DEVICES, this::list);
        app.delete(DEVICES + "/{id}", this::remove);
        app.post(RENEWAL, this::renew);
    }

    private void start(Context ctx) {
        JsonNode body = object(ctx);
        String address = text(body, "address");
        PublicKey accountKey = accountKey(body.get("accountKey"));
        switch (challenges.issue(new ChallengeRequest(address, accountKey, ctx.ip()))) {
            case IssueResult.Issued issued -> {
                String complete = ENROLLMENTS + "/" + issued.challengeId();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("enrollment", issued.challengeId());
                out.put("address", issued.address());
                out.put("token", issued.httpsPart());
                out.put("expiresAt", issued.expiresAt().toString());
                out.put("complete", complete);
                ctx.header("Location", complete).header("Cache-Control", "no-store").status(201).json(out);
            }
            case Refused refused -> throw refusal(ctx, refused.reason());
            case IssueResult.MailFailed failed -> {
                LOG.warn("challenge mail not sent: {}", failed.reason());
                throw new HttpProblem(502, "mail_relay_failed", "the challenge mail could not be sent; try again later");
            }
        }
    }

    private HttpProblem refusal(Context ctx, Refusal reason) {
        return switch (reason) {
            case Refusal.InvalidRequest r -> new HttpProblem(400, "invalid_request", r.field() + ": " + r.message());
            case Refusal.RateLimited r -> {
                long seconds = Math.max(1, Duration.between(clock.instant(), r.retryAt()).toSeconds() + 1);
                ctx.header("Retry-After", Long.toString(seconds));
                yield new HttpProblem(429, "rate_limited", "too many enrollments for this "
                        + (r.scope() == Refusal.RateLimited.Scope.ADDRESS ? "address" : "client") + "; try again after " + r.retryAt());
            }
            default -> new HttpProblem(400, reason.code().replace('-', '_'), "refused: " + reason.code());
        };
    }

    private void complete(Context ctx) {
        JsonNode body = object(ctx);
        Completion completion = enrollments.complete(ctx.pathParam("id"), text(body, "answer"), text(body, "csr"),
                text(body, "deviceName"), ctx.ip());
        switch (completion) {
            case Completion.Enrolled enrolled -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("device", device(enrolled.device()));
                out.put("signingCertificate", Pem.certificate(enrolled.signing()));
                out.put("encryptionCertificate", Pem.certificate(enrolled.encryption()));
                out.put("chain", chain.stream().map(Pem::certificate).toList());
                ctx.header("Location", DEVICES + "/" + enrolled.device().id()).status(201).json(out);
            }
            case Completion.Rejected rejected -> throw new HttpProblem(status(rejected.problem()), rejected.problem().code(),
                    rejected.message());
        }
    }

    private static int status(EnrollmentProblem problem) {
        return switch (problem) {
            case INVALID_REQUEST, BAD_CSR, KEY_MISMATCH -> 400;
            case WRONG_ANSWER -> 403;
            case UNKNOWN -> 404;
            case USED -> 409;
            case EXPIRED, EXHAUSTED -> 410;
            case KEYS_UNAVAILABLE, CA_FAILED -> 503;
        };
    }

    private void list(Context ctx) {
        AuthenticatedDevice caller = DeviceAuthFilter.device(ctx);
        List<Map<String, Object>> out = devices.list(caller.address()).stream().map(d -> {
            Map<String, Object> json = device(d);
            boolean current = d.signingSerial().equals(caller.serial());
            json.put("current", current);
            if (current) {
                json.put("renewableFrom", renewal.renewableFrom(caller.certificate()).toString());
            }
            return json;
        }).toList();
        ctx.json(Map.of("address", caller.address(), "devices", out));
    }

    private void renew(Context ctx) {
        AuthenticatedDevice caller = DeviceAuthFilter.device(ctx);
        switch (renewal.renew(caller, text(object(ctx), "csr"))) {
            case Renewal.Renewed renewed -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("device", device(renewed.device()));
                out.put("signingCertificate", Pem.certificate(renewed.signing()));
                out.put("chain", chain.stream().map(Pem::certificate).toList());
                out.put("renewableFrom", renewal.renewableFrom(renewed.signing()).toString());
                ctx.json(out);
            }
            case Renewal.Refused refused -> {
                refused.renewableFrom().ifPresent(at -> ctx.header("Retry-After",
                        Long.toString(Math.max(1, Duration.between(clock.instant(), at).toSeconds() + 1))));
                throw new HttpProblem(refused.problem().status(), refused.problem().code(), refused.message());
            }
        }
    }

    private void remove(Context ctx) {
        AuthenticatedDevice caller = DeviceAuthFilter.device(ctx);
        RevocationReason reason = reason(ctx.queryParam("reason"));
        String id = ctx.pathParam("id");
        DeviceRecord removed = revocation.revoke(id, caller.address(), reason, "device:" + caller.serialHex())
                .orElseThrow(() -> HttpProblem.notFound("no device " + (id.matches("[A-Za-z0-9_-]{1,64}") ? id : "with that id")));
        ctx.json(Map.of("device", device(removed)));
    }

    private static RevocationReason reason(String text) {
        if (text == null) {
            return RevocationReason.CESSATION_OF_OPERATION;
        }
        return DEVICE_REASONS.stream().filter(r -> r.rfcName().equals(text)).findFirst()
                .orElseThrow(() -> HttpProblem.badRequest("reason must be one of cessationOfOperation, keyCompromise,"
                        + " superseded, affiliationChanged"));
    }

    private static Map<String, Object> device(DeviceRecord d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("name", d.name());
        json.put("address", d.address());
        json.put("level", d.level());
        json.put("enrolledAt", d.enrolledAt().toString());
        json.put("revokedAt", d.revokedAt().map(Object::toString).orElse(null));
        return json;
    }

    private static JsonNode object(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw HttpProblem.badRequest("the body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("missing field " + field);
        }
        if (!value.isTextual()) {
            throw HttpProblem.badRequest("field " + field + " must be a string");
        }
        return value.asText();
    }

    /** The account key: a public JWK, EC or RSA. */
    private static PublicKey accountKey(JsonNode node) {
        if (node == null || node.isNull()) {
            throw HttpProblem.badRequest("missing field accountKey");
        }
        if (!node.isObject()) {
            throw HttpProblem.badRequest("field accountKey must be a JWK object");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(node.toString());
        } catch (ParseException e) {
            throw HttpProblem.badRequest("accountKey is not a valid JWK: " + e.getMessage());
        }
        if (jwk.isPrivate()) {
            // Refused rather than stripped: a client that sends its private key has a bug worth seeing.
            throw HttpProblem.badRequest("accountKey must be a public key; never send the private key");
        }
        try {
            return switch (jwk) {
                case ECKey ec -> ec.toECPublicKey();
                case RSAKey rsa -> rsa.toRSAPublicKey();
                default -> throw HttpProblem.badRequest("accountKey must be an EC or RSA key, not " + jwk.getKeyType());
            };
        } catch (JOSEException e) {
            throw HttpProblem.badRequest("accountKey is not a valid " + jwk.getKeyType() + " key");
        }
    }
}
