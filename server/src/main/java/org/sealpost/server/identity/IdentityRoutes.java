package org.sealpost.server.identity;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.service.CaServices;
import org.sealpost.core.keys.Pem;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.server.admin.AdminAccounts;
import org.sealpost.server.admin.AdminAuthFilter;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.enroll.Devices;
import org.sealpost.server.http.HttpProblem;
import org.sealpost.server.identity.external.ExternalCertificates;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.validation.ChallengeService;

/**
 * The HTTP API of identity levels (docs/API.md, "Identity levels" and "Admin API"): device routes
 * under {@code /v1/identity}, authenticated by device tokens, and admin routes under
 * {@code /v1/admin}, authenticated by admin tokens. Each kind of credential works on its own routes
 * only; the roles are checked by the services.
 */
public final class IdentityRoutes {
    private final IdentityRequests requests;
    private final IdentityRenewal renewal;
    private final Organizations organizations;
    private final DomainValidations validations;
    private final Vouchers vouchers;
    private final ExternalCertificates external;
    private final IdentityCertificates held;
    private final DeviceAuthFilter devices;
    private final AdminAuthFilter admins;
    private final JsonBodies json = new JsonBodies();

    public IdentityRoutes(IdentityRequests requests, IdentityRenewal renewal, Organizations organizations,
            DomainValidations validations, Vouchers vouchers, ExternalCertificates external, IdentityCertificates held,
            DeviceAuthFilter devices, AdminAuthFilter admins) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.renewal = Objects.requireNonNull(renewal, "renewal");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.validations = Objects.requireNonNull(validations, "validations");
        this.vouchers = Objects.requireNonNull(vouchers, "vouchers");
        this.external = Objects.requireNonNull(external, "external");
        this.held = Objects.requireNonNull(held, "held");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.admins = Objects.requireNonNull(admins, "admins");
    }

    /**
     * The identity services of a server over one database, issuing with {@code ca}.
     *
     * @param challenges    the mail challenges for domain control; empty where no SMTP relay is configured
     * @param renewalWindow as the devices' signing renewal: when V2-V4 certificates may be renewed at the latest
     */
    public static IdentityRoutes create(Database db, AuditLog audit, CaServices ca, DeviceAuthFilter devices,
            Optional<ChallengeService> challenges, IdentitySettings settings, Duration renewalWindow, Clock clock,
            SecureRandom random) {
        IdentityRequests requests = new IdentityRequests(db, audit, Optional.of(new IdentityIssuer(ca)), clock, random);
        return new IdentityRoutes(requests,
                new IdentityRenewal(db, audit, requests, ca, new Devices(db), renewalWindow, clock, random),
                new Organizations(db, audit, clock),
                new DomainValidations(db, audit, challenges, new DnsTxtLookup(settings.dnsResolver(), settings.dnsTimeout()),
                        clock, random),
                new Vouchers(db, audit, clock), new ExternalCertificates(db, audit, clock),
                new IdentityCertificates(requests, ca.records(), List.of(ca.ca().issuing(), ca.ca().root()), clock), devices,
                new AdminAuthFilter(new AdminAccounts(db, audit, clock, random)));
    }

    /** Adds the routes and their authentication to an app. */
    public void register(Javalin app) {
        devices.register(app, "/v1/identity/*");
        admins.register(app, "/v1/admin/*");

        app.post("/v1/identity/requests", guarded(this::submit));
        app.post("/v1/identity/renewal", guarded(this::renew));
        app.get("/v1/identity/requests/{id}", guarded(ctx -> ctx.json(view(requests.fetch(DeviceAuthFilter.device(ctx),
                ctx.pathParam("id"))))));
        app.get("/v1/identity/external", ctx -> ctx.json(Map.of("chains", external.chains(DeviceAuthFilter.device(ctx).address())
                .stream().map(chain -> chain.stream().map(Pem::certificate).toList()).toList())));
        app.get("/v1/identity/certificates", ctx -> ctx.json(Map.of("certificates", held.of(DeviceAuthFilter.device(ctx))
                .stream().map(this::view).toList())));

        app.get("/v1/admin/whoami", ctx -> ctx.json(view(AdminAuthFilter.admin(ctx))));
        app.get("/v1/admin/identity/requests", guarded(this::listRequests));
        app.get("/v1/admin/identity/requests/{id}", guarded(this::showRequest));
        app.post("/v1/admin/identity/requests/{id}/approve", guarded(ctx -> ctx.json(view(
                requests.approve(AdminAuthFilter.admin(ctx), ctx.pathParam("id"))))));
        app.post("/v1/admin/identity/requests/{id}/reject", guarded(ctx -> ctx.json(view(requests.reject(
                AdminAuthFilter.admin(ctx), ctx.pathParam("id"), json.read(ctx, Rejection.class).reason())))));

        app.get("/v1/admin/orgs", guarded(this::listOrgs));
        app.get("/v1/admin/orgs/{domain}", guarded(this::showOrg));
        app.put("/v1/admin/orgs/{domain}", guarded(this::submitOrg));
        app.post("/v1/admin/orgs/{domain}/approve", guarded(ctx -> ctx.json(view(
                organizations.approve(AdminAuthFilter.admin(ctx), ctx.pathParam("domain"))))));
        app.post("/v1/admin/orgs/{domain}/reject", guarded(ctx -> ctx.json(view(organizations.reject(
                AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), json.read(ctx, Rejection.class).reason())))));
        app.post("/v1/admin/orgs/{domain}/validations", guarded(this::startValidation));
        app.post("/v1/admin/orgs/{domain}/validations/{id}/answer", guarded(this::answerValidation));
        app.post("/v1/admin/orgs/{domain}/validations/{id}/check", guarded(ctx -> ctx.json(view(validations.checkDns(
                AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), ctx.pathParam("id"))))));
        app.get("/v1/admin/orgs/{domain}/vouchers", guarded(ctx -> ctx.json(Map.of("vouchers", vouchers.list(
                AdminAuthFilter.admin(ctx), ctx.pathParam("domain")).stream().map(IdentityRoutes::view).toList()))));
        app.post("/v1/admin/orgs/{domain}/vouchers", guarded(this::vouch));
        app.delete("/v1/admin/orgs/{domain}/vouchers/{address}", guarded(ctx -> {
            vouchers.withdraw(AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), ctx.pathParam("address"));
            ctx.status(204);
        }));
    }

    private void submit(Context ctx) throws IdentityProblem {
        LevelRequest body = json.read(ctx, LevelRequest.class);
        IdentityLevel level = IdentityLevel.of(body.level());
        SubjectDetails details = SubjectDetails.checked(body.givenName(), body.surname(), body.title(), body.organization(),
                body.locality(), body.state(), body.country());
        Submitted submitted = requests.submit(DeviceAuthFilter.device(ctx), level, details);
        ctx.status(submitted.created() ? 201 : 200).header("Location", "/v1/identity/requests/" + submitted.request().id())
                .json(view(submitted.request()));
    }

    private void renew(Context ctx) throws IdentityProblem {
        IdentityRequest renewed = renewal.renew(DeviceAuthFilter.device(ctx),
                IdentityLevel.of(json.read(ctx, RenewalRequest.class).level()));
        ctx.status(201).header("Location", "/v1/identity/requests/" + renewed.id()).json(view(renewed));
    }

    private void listRequests(Context ctx) throws IdentityProblem {
        String status = ctx.queryParam("status");
        Optional<RequestStatus> filter;
        try {
            filter = status == null || status.isBlank() ? Optional.empty() : Optional.of(RequestStatus.of(status.strip()));
        } catch (IllegalArgumentException e) {
            throw IdentityProblem.invalid("status is one of pending, approved, rejected, issued");
        }
        ctx.json(Map.of("requests", requests.list(AdminAuthFilter.admin(ctx), filter).stream().map(IdentityRoutes::view).toList()));
    }

    private void showRequest(Context ctx) throws IdentityProblem {
        RoleCheck.operator(AdminAuthFilter.admin(ctx), "see identity requests");
        ctx.json(view(requests.find(ctx.pathParam("id"))
                .orElseThrow(() -> IdentityProblem.notFound("no identity request " + ctx.pathParam("id")))));
    }

    private void listOrgs(Context ctx) throws IdentityProblem {
        RoleCheck.operator(AdminAuthFilter.admin(ctx), "list organizations");
        ctx.json(Map.of("organizations", organizations.list().stream().map(IdentityRoutes::view).toList()));
    }

    private void showOrg(Context ctx) throws IdentityProblem {
        AdminAccount admin = AdminAuthFilter.admin(ctx);
        String domain = RoleCheck.domainForm(ctx.pathParam("domain"));
        if (!admin.domain().map(domain::equals).orElse(false)) {
            RoleCheck.operator(admin, "see another domain's organization");
        }
        ctx.json(view(organizations.find(domain).orElseThrow(() -> IdentityProblem.notFound("no organization for " + domain))));
    }

    private void submitOrg(Context ctx) throws IdentityProblem {
        OrgRequest body = json.read(ctx, OrgRequest.class);
        SubjectDetails details = SubjectDetails.checked(null, null, null, body.organization(), body.locality(),
                body.state(), body.country());
        ctx.json(view(organizations.submit(AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), details)));
    }

    private void startValidation(Context ctx) throws IdentityProblem {
        ValidationRequest body = json.read(ctx, ValidationRequest.class);
        AdminAccount admin = AdminAuthFilter.admin(ctx);
        String domain = ctx.pathParam("domain");
        DomainValidation started = switch (body.method() == null ? "" : body.method()) {
            case DomainValidation.MAIL -> validations.startMail(admin, domain, body.mailbox());
            case DomainValidation.DNS -> {
                if (body.mailbox() != null) {
                    throw IdentityProblem.invalid("a DNS validation has no mailbox");
                }
                yield validations.startDns(admin, domain);
            }
            default -> throw IdentityProblem.invalid("method is mail or dns");
        };
        ctx.status(201).json(view(started));
    }

    private void answerValidation(Context ctx) throws IdentityProblem {
        MailAnswer body = json.read(ctx, MailAnswer.class);
        ctx.json(view(validations.answerMail(AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), ctx.pathParam("id"),
                body.mailToken(), body.httpsToken())));
    }

    private void vouch(Context ctx) throws IdentityProblem {
        VoucherRequest body = json.read(ctx, VoucherRequest.class);
        SubjectDetails person = SubjectDetails.checked(body.givenName(), body.surname(), body.title(), null, null, null, null);
        Voucher voucher = vouchers.vouch(AdminAuthFilter.admin(ctx), ctx.pathParam("domain"), body.address(), person);
        ctx.status(201).json(view(voucher));
    }

    static Map<String, Object> view(IdentityRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("level", r.level().name());
        m.put("status", r.status().id());
        m.put("address", r.address());
        m.put("subject", details(r.details()));
        m.put("createdAt", r.createdAt().toString());
        r.decidedBy().ifPresent(v -> m.put("decidedBy", v));
        r.reason().ifPresent(v -> m.put("reason", v));
        r.certificate().ifPresent(der -> m.put("certificate", Pem.encode(Pem.CERTIFICATE, der)));
        return m;
    }

    private Map<String, Object> view(IdentityCertificates.Held h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", h.level().name());
        m.put("pem", Pem.certificate(h.certificate()));
        m.put("chain", held.chain().stream().map(Pem::certificate).toList());
        m.put("notAfter", h.certificate().getNotAfter().toInstant().toString());
        return m;
    }

    static Map<String, Object> view(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", o.domain());
        m.put("status", o.status().id());
        m.put("details", details(o.details()));
        m.put("domainValidated", o.validatedAt().isPresent());
        o.validatedAt().ifPresent(v -> m.put("validatedAt", v.toString()));
        o.validatedHow().ifPresent(v -> m.put("validatedBy", v));
        m.put("submittedBy", o.submittedBy());
        o.decidedBy().ifPresent(v -> m.put("decidedBy", v));
        o.reason().ifPresent(v -> m.put("reason", v));
        return m;
    }

    private static Map<String, Object> view(DomainValidation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("domain", v.domain());
        m.put("method", v.method());
        m.put("status", v.status());
        m.put(v.method().equals(DomainValidation.MAIL) ? "mailbox" : "record", v.target());
        v.token().ifPresent(t -> m.put(v.method().equals(DomainValidation.MAIL) ? "httpsToken" : "txt", t));
        m.put("expiresAt", v.expiresAt().toString());
        return m;
    }

    private static Map<String, Object> view(Voucher v) {
        Map<String, Object> m = new LinkedHashMap<>(details(v.details()));
        m.put("address", v.address());
        m.put("vouchedBy", v.vouchedBy());
        m.put("vouchedAt", v.vouchedAt().toString());
        return m;
    }

    private static Map<String, Object> view(AdminAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("role", a.role().id());
        a.domain().ifPresent(d -> m.put("domain", d));
        return m;
    }

    private static Map<String, Object> details(SubjectDetails d) {
        Map<String, Object> m = new LinkedHashMap<>();
        d.givenName().ifPresent(v -> m.put("givenName", v));
        d.surname().ifPresent(v -> m.put("surname", v));
        d.title().ifPresent(v -> m.put("title", v));
        d.organization().ifPresent(v -> m.put("organization", v));
        d.locality().ifPresent(v -> m.put("locality", v));
        d.state().ifPresent(v -> m.put("state", v));
        d.country().ifPresent(v -> m.put("country", v));
        return m;
    }

    /** A handler whose refusals become the JSON error with the refusal's status. */
    private static io.javalin.http.Handler guarded(Route route) {
        return ctx -> {
            try {
                route.handle(ctx);
            } catch (IdentityProblem e) {
                throw new HttpProblem(e.kind().status(), e.kind().code(), e.getMessage());
            }
        };
    }

    @FunctionalInterface
    private interface Route {
        void handle(Context ctx) throws IdentityProblem;
    }

    record LevelRequest(String level, String givenName, String surname, String title, String organization,
            String locality, String state, String country) {
    }

    record RenewalRequest(String level) {
    }

    record OrgRequest(String organization, String locality, String state, String country) {
    }

    record ValidationRequest(String method, String mailbox) {
    }

    record MailAnswer(String mailToken, String httpsToken) {
    }

    record VoucherRequest(String address, String givenName, String surname, String title) {
    }

    record Rejection(String reason) {
    }
}
