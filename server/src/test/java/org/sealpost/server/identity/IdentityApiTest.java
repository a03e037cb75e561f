package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sealpost.ca.profile.PolicyOids;
import org.sealpost.server.admin.AdminRole;
import org.sealpost.server.auth.DeviceAuthFilter;
import org.sealpost.server.auth.DeviceAuthPolicy;
import org.sealpost.server.auth.DeviceAuthenticator;
import org.sealpost.server.http.HttpServer;
import org.sealpost.server.identity.IdentityRig.TestDevice;
import org.sealpost.storage.testing.TestDatabase;
import org.sealpost.storage.testing.TestDatabases;
import org.sealpost.validation.ChallengeMailer;
import org.sealpost.validation.ChallengeMessage;
import org.sealpost.validation.ChallengeService;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;
import org.sealpost.validation.ValidationSettings;

/**
 * The identity and admin API over real HTTP, with GreenMail as the relay for domain-control mails:
 * the V2 review, V3 by a mailed challenge, V4 by a voucher, each credential working on its own routes
 * only, and bad input answered with a 4xx and nothing stored.
 */
class IdentityApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication()).withPerMethodLifecycle(false);

    private static TestDatabase testDb;
    private static IdentityRig rig;
    private static HttpServer server;
    private static String base;
    private static TxtResponder dns;

    @BeforeAll
    static void start() throws Exception {
        testDb = TestDatabases.h2();
        dns = new TxtResponder();
        var db = testDb.open();
        Clock clock = Clock.systemUTC();
        ChallengeService mail = new ChallengeService(db, new org.sealpost.storage.audit.AuditLog(db, clock),
                new ChallengeMailer(SmtpSettings.of("127.0.0.1", MAIL.getSmtp().getPort(), SmtpSecurity.STARTTLS_OPTIONAL,
                        "Sealpost <noreply@sealpost.test>"), clock), ValidationSettings.defaults(), clock, new SecureRandom());
        rig = new IdentityRig(db, Optional.of(mail), new DnsTxtLookup(Optional.of(dns.address()), Duration.ofSeconds(5)));
        // Tokens name the public URL, so it must be known before the routes are: pick the port first.
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        DeviceAuthFilter devices = new DeviceAuthFilter(DeviceAuthenticator.forCa(rig.ca, db, rig.audit,
                DeviceAuthPolicy.defaults(), clock), base);
        IdentityRoutes routes = IdentityRoutes.create(db, rig.audit, rig.ca, devices, Optional.of(mail),
                new IdentitySettings(Optional.of(dns.address()), Duration.ofSeconds(5)), Duration.ofDays(30), clock,
                new SecureRandom());
        server = new HttpServer(routes::register).start("127.0.0.1", port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dns.close();
        testDb.close();
    }

    @Test
    void v2IsReviewedByAnOperatorAndFetchedByTheDevice() throws Exception {
        TestDevice erin = rig.device("erin@example.org");
        String operator = rig.create("otto", AdminRole.OPERATOR, null).token();

        HttpResponse<String> created = device(erin, "POST", "/v1/identity/requests",
                "{\"level\":\"V2\",\"givenName\":\"Erin\",\"surname\":\"Eastwood\",\"locality\":\"Köln\",\"country\":\"DE\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode request = JSON.readTree(created.body());
        String id = request.get("id").asText();
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/identity/requests/" + id);

        JsonNode pending = JSON.readTree(admin(operator, "GET", "/v1/admin/identity/requests?status=pending", null).body());
        assertThat(pending.get("requests").findValuesAsText("id")).contains(id);

        HttpResponse<String> approved = admin(operator, "POST", "/v1/admin/identity/requests/" + id + "/approve", null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("status").asText()).isEqualTo("issued");

        HttpResponse<String> fetched = device(erin, "GET", "/v1/identity/requests/" + id, null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        X509Certificate cert = Certificates.parsePem(JSON.readTree(fetched.body()).get("certificate").asText());
        assertThat(Certificates.subject(cert)).containsEntry("GIVENNAME", "Erin").containsEntry("L", "Köln");
        assertThat(cert.getPublicKey()).isEqualTo(erin.keys().getPublic());
        Certificates.assertPolicy(cert, PolicyOids.SBR_INDIVIDUAL_STRICT);
    }

    @Test
    void v3ByAMailedChallengeThenV4ByAVoucher() throws Exception {
        String orgAdmin = rig.create("maria", AdminRole.ORG_ADMIN, "mail.example").token();
        String operator = rig.create("oscar", AdminRole.OPERATOR, null).token();
        assertThat(admin(orgAdmin, "PUT", "/v1/admin/orgs/mail.example",
                "{\"organization\":\"Mail Example AG\",\"locality\":\"Zürich\",\"country\":\"CH\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> started = admin(orgAdmin, "POST", "/v1/admin/orgs/mail.example/validations",
                "{\"method\":\"mail\",\"mailbox\":\"postmaster\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode validation = JSON.readTree(started.body());
        String id = validation.get("id").asText();
        String httpsToken = validation.get("httpsToken").asText();
        assertThat(validation.get("mailbox").asText()).isEqualTo("postmaster@mail.example");
        MimeMessage mail = Arrays.stream(MAIL.getReceivedMessages()).filter(m -> recipient(m).equals("postmaster@mail.example"))
                .findFirst().orElseThrow();
        String mailToken = mail.getSubject().substring(ChallengeMessage.SUBJECT_PREFIX.length());

        HttpResponse<String> wrong = admin(orgAdmin, "POST", "/v1/admin/orgs/mail.example/validations/" + id + "/answer",
                "{\"mailToken\":\"" + httpsToken + "\",\"httpsToken\":\"" + mailToken + "\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("message").asText()).contains("tries left");
        HttpResponse<String> right = admin(orgAdmin, "POST", "/v1/admin/orgs/mail.example/validations/" + id + "/answer",
                "{\"mailToken\":\"" + mailToken + "\",\"httpsToken\":\"" + httpsToken + "\"}");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(JSON.readTree(right.body()).get("status").asText()).isEqualTo("validated");

        HttpResponse<String> approved = admin(operator, "POST", "/v1/admin/orgs/mail.example/approve", null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("validatedBy").asText()).isEqualTo("mail:postmaster@mail.example");

        TestDevice frank = rig.device("frank@mail.example");
        HttpResponse<String> v3 = device(frank, "POST", "/v1/identity/requests", "{\"level\":\"V3\"}");
        assertThat(v3.statusCode()).as(v3.body()).isEqualTo(201);
        X509Certificate v3Cert = Certificates.parsePem(JSON.readTree(v3.body()).get("certificate").asText());
        HttpResponse<String> again = device(frank, "POST", "/v1/identity/requests", "{\"level\":\"V3\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(JSON.readTree(v3.body()).get("id").asText());
        assertThat(Certificates.subject(v3Cert)).containsEntry("O", "Mail Example AG").containsEntry("C", "CH");

        HttpResponse<String> vouched = admin(orgAdmin, "POST", "/v1/admin/orgs/mail.example/vouchers",
                "{\"address\":\"frank@mail.example\",\"givenName\":\"Frank\",\"surname\":\"Fischer\",\"title\":\"CFO\"}");
        assertThat(vouched.statusCode()).as(vouched.body()).isEqualTo(201);
        HttpResponse<String> v4 = device(frank, "POST", "/v1/identity/requests", "{\"level\":\"V4\"}");
        assertThat(v4.statusCode()).as(v4.body()).isEqualTo(201);
        X509Certificate v4Cert = Certificates.parsePem(JSON.readTree(v4.body()).get("certificate").asText());
        assertThat(Certificates.subject(v4Cert)).containsEntry("T", "CFO").containsEntry("SURNAME", "Fischer")
                .containsEntry("O", "Mail Example AG");
        Certificates.assertPolicy(v4Cert, PolicyOids.SBR_SPONSOR_STRICT);
    }

    @Test
    void eachCredentialWorksOnItsOwnRoutesOnly() throws Exception {
        TestDevice gina = rig.device("gina@example.org");
        String operator = rig.create("opal", AdminRole.OPERATOR, null).token();
        String adminA = rig.create("arne", AdminRole.ORG_ADMIN, "a-routes.example").token();
        rig.create("bea", AdminRole.ORG_ADMIN, "b-routes.example");
        HttpResponse<String> made = device(gina, "POST", "/v1/identity/requests",
                "{\"level\":\"V2\",\"givenName\":\"Gina\",\"surname\":\"Gold\",\"locality\":\"Wien\",\"country\":\"AT\"}");
        String id = JSON.readTree(made.body()).get("id").asText();

        // A device token on an admin route, an admin token on a device route, no token at all.
        HttpResponse<String> deviceOnAdmin = send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/identity/requests"))
                .header("Authorization", gina.authorization("GET", base + "/v1/admin/identity/requests", null)).GET());
        assertThat(deviceOnAdmin.statusCode()).isEqualTo(401);
        assertThat(deviceOnAdmin.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> adminOnDevice = send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/requests/" + id))
                .header("Authorization", "Bearer " + operator).GET());
        assertThat(adminOnDevice.statusCode()).isEqualTo(401);
        assertThat(admin(null, "GET", "/v1/admin/whoami", null).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(admin(adminA, "GET", "/v1/admin/whoami", null).body()).get("domain").asText())
                .isEqualTo("a-routes.example");

        // An org admin cannot decide V2 requests or act for another domain.
        HttpResponse<String> orgApproves = admin(adminA, "POST", "/v1/admin/identity/requests/" + id + "/approve", null);
        assertThat(orgApproves.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(orgApproves.body()).get("error").asText()).isEqualTo("forbidden");
        assertThat(admin(adminA, "POST", "/v1/admin/orgs/b-routes.example/vouchers",
                "{\"address\":\"x@b-routes.example\",\"givenName\":\"X\",\"surname\":\"Y\",\"title\":\"CEO\"}").statusCode())
                .isEqualTo(403);
        assertThat(admin(adminA, "GET", "/v1/admin/orgs/b-routes.example", null).statusCode()).isEqualTo(403);

        // A disabled operator's token stops working.
        rig.accounts.disable("opal", "operator:test");
        assertThat(admin(operator, "POST", "/v1/admin/identity/requests/" + id + "/approve", null).statusCode()).isEqualTo(401);
        assertThat(rig.requests.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void aDeviceListsTheIdentityCertificatesOfItsKeyOnly() throws Exception {
        TestDevice kim = rig.device("kim@example.org");
        TestDevice kimsPhone = rig.device("kim@example.org");
        assertThat(JSON.readTree(device(kim, "GET", "/v1/identity/certificates", null).body()).get("certificates")).isEmpty();

        HttpResponse<String> created = device(kim, "POST", "/v1/identity/requests",
                "{\"level\":\"V2\",\"givenName\":\"Kim\",\"surname\":\"Kurz\",\"locality\":\"Linz\",\"country\":\"AT\"}");
        String id = JSON.readTree(created.body()).get("id").asText();
        // Approved as the CLI approves (no CA key at hand): the list issues it.
        new IdentityRequests(rig.db, rig.audit, Optional.empty(), Clock.systemUTC(), new SecureRandom())
                .approve(rig.operator("olaf"), id);
        assertThat(rig.requests.find(id).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);

        HttpResponse<String> listed = device(kim, "GET", "/v1/identity/certificates", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode certs = JSON.readTree(listed.body()).get("certificates");
        assertThat(certs).hasSize(1);
        JsonNode v2 = certs.get(0);
        assertThat(v2.get("level").asText()).isEqualTo("V2");
        X509Certificate cert = Certificates.parsePem(v2.get("pem").asText());
        assertThat(cert.getPublicKey()).isEqualTo(kim.keys().getPublic());
        assertThat(cert.getEncoded()).isEqualTo(rig.requests.find(id).orElseThrow().certificate().orElseThrow());
        assertThat(java.time.Instant.parse(v2.get("notAfter").asText())).isEqualTo(cert.getNotAfter().toInstant());
        assertThat(v2.get("chain")).hasSize(2);
        X509Certificate issuing = Certificates.parsePem(v2.get("chain").get(0).asText());
        X509Certificate root = Certificates.parsePem(v2.get("chain").get(1).asText());
        cert.verify(issuing.getPublicKey());
        issuing.verify(root.getPublicKey());
        assertThat(root).isEqualTo(rig.ca.ca().root());

        // Another device of the address signs with its own key: kim's V2 is not its to use.
        assertThat(JSON.readTree(device(kimsPhone, "GET", "/v1/identity/certificates", null).body()).get("certificates")).isEmpty();

        // A revoked certificate drops out.
        rig.ca.revocations().revoke(cert.getSerialNumber(), org.sealpost.ca.revocation.RevocationReason.KEY_COMPROMISE, "test");
        assertThat(JSON.readTree(device(kim, "GET", "/v1/identity/certificates", null).body()).get("certificates")).isEmpty();
    }

    @Test
    void aDeviceFetchesItsAddressesVpCertificates() throws Exception {
        var publicCa = new org.sealpost.core.keys.EphemeralPki("api-public-ca");
        var vp = publicCa.rsa("ivy@example.org");
        var external = new org.sealpost.server.identity.external.ExternalCertificates(rig.db, rig.audit, Clock.systemUTC());
        external.importFrom(address -> new org.sealpost.server.identity.external.ExternalCredential(vp.privateKey(), vp.chain()),
                "ivy@example.org", "operator:test");

        HttpResponse<String> mine = device(rig.device("ivy@example.org"), "GET", "/v1/identity/external", null);
        assertThat(mine.statusCode()).isEqualTo(200);
        JsonNode chains = JSON.readTree(mine.body()).get("chains");
        assertThat(chains).hasSize(1);
        assertThat(Certificates.parsePem(chains.get(0).get(0).asText())).isEqualTo(vp.certificate());
        HttpResponse<String> others = device(rig.device("jo@example.org"), "GET", "/v1/identity/external", null);
        assertThat(JSON.readTree(others.body()).get("chains")).isEmpty();
    }

    @Test
    void badInputIsA4xxAndStoresNothing() throws Exception {
        TestDevice hans = rig.device("hans@example.org");
        String orgAdmin = rig.create("nina", AdminRole.ORG_ADMIN, "bad-input.example").token();
        long requests = rig.rows("identity_request");
        long orgs = rig.rows("identity_org");

        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\","), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "[1,2]"), 400, "bad_request");
        // Jackson quotes a bad token in its own messages: the answer must not echo the input.
        HttpResponse<String> echoed = device(hans, "POST", "/v1/identity/requests", "{\"level\": secret-token-4711}");
        assertError(echoed, 400, "bad_request");
        assertThat(echoed.body()).doesNotContain("secret-token-4711").contains("line 1");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\",\"nickname\":\"h\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V9\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\",\"givenName\":\"Hans\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\",\"givenName\":\"Hans\",\"surname\":\"Huber\","
                + "\"locality\":\"Graz\",\"country\":\"Austria\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\",\"givenName\":\"" + "H".repeat(65)
                + "\",\"surname\":\"Huber\",\"locality\":\"Graz\",\"country\":\"AT\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V3\",\"givenName\":\"Hans\"}"), 400, "bad_request");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V3\"}"), 409, "conflict");
        assertError(device(hans, "POST", "/v1/identity/requests", "{\"level\":\"V2\",\"surname\":\"" + "x".repeat(20_000) + "\"}"),
                413, "payload_too_large");
        String body = "{\"level\":\"V2\"}";
        assertError(send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/requests"))
                .header("Authorization", hans.authorization("POST", base + "/v1/identity/requests", body.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body))), 415, "unsupported_media_type");
        assertError(device(hans, "GET", "/v1/identity/requests/not-an-id", null), 404, "not_found");

        assertError(admin(orgAdmin, "PUT", "/v1/admin/orgs/bad-input.example", "{\"organization\":"), 400, "bad_request");
        assertError(admin(orgAdmin, "PUT", "/v1/admin/orgs/bad-input.example", "{\"organization\":\"Bad Input Ltd\"}"),
                400, "bad_request");
        assertError(admin(orgAdmin, "POST", "/v1/admin/orgs/bad-input.example/validations",
                "{\"method\":\"mail\",\"mailbox\":\"ceo\"}"), 400, "bad_request");
        assertError(admin(orgAdmin, "POST", "/v1/admin/orgs/bad-input.example/validations", "{\"method\":\"dns\"}"),
                409, "conflict");
        assertError(admin(orgAdmin, "POST", "/v1/admin/orgs/bad-input.example/validations", "{\"method\":\"carrier-pigeon\"}"),
                400, "bad_request");

        assertThat(rig.rows("identity_request")).isEqualTo(requests);
        assertThat(rig.rows("identity_org")).isEqualTo(orgs);
        assertThat(rig.rows("identity_domain_validation")).isZero();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("error").asText()).isEqualTo(code);
        assertThat(json.get("message").asText()).isNotBlank().doesNotContain("Exception");
    }

    private static String recipient(Message m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> device(TestDevice device, String method, String path, String json) throws Exception {
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", device.authorization(method, base + path, body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> admin(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
