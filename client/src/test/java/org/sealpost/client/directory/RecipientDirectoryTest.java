package org.sealpost.client.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;
import org.sealpost.core.auth.DeviceTokenSigner;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.SubjectKeyIds;

/**
 * The recipients' look-up against two stand-in key services (ours and a domain's own) and a
 * stand-in web server for the well-known announcements, all local HTTP servers speaking the
 * directory API's JSON (docs/API.md).
 */
class RecipientDirectoryTest {
    private static final EphemeralPki PKI = new EphemeralPki("recipients");
    private static final Identity BOB = PKI.ec("bob@example.org", "secp256r1");
    private static final Identity DAVE = PKI.rsa("dave@corp.example");
    private static final Identity DEVICE = PKI.ec("alice@example.org", "secp256r1");

    @TempDir
    Path dir;

    private FakeKeyService ours;
    private FakeKeyService theirs;
    private HttpServer web;
    private final Map<String, String> announcements = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> wellKnownAsked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        ours = new FakeKeyService();
        theirs = new FakeKeyService();
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", x -> {
            String domain = x.getRequestURI().getPath().split("/")[1];
            wellKnownAsked.add(domain);
            String body = announcements.get(domain);
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        });
        web.start();
    }

    @AfterEach
    void stop() {
        ours.close();
        theirs.close();
        web.stop(0);
    }

    private RecipientDirectory directory(Map<String, URI> configured) {
        return directory(ours.base(), configured);
    }

    private RecipientDirectory directory(URI ourBase, Map<String, URI> configured) {
        HttpClient http = HttpClient.newHttpClient();
        SealpostService service = new SealpostService(ourBase, http, Optional.empty(), Duration.ofSeconds(5))
                .as(new DeviceTokenSigner(DEVICE.privateKey(), DEVICE.certificate()));
        KeyServiceDiscovery discovery = new KeyServiceDiscovery(http,
                d -> URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/" + d + "/.well-known/sealpost.json"), Duration.ofSeconds(2));
        Clock clock = Clock.systemUTC();
        return new RecipientDirectory(service, u -> new SealpostService(u, http, Optional.empty(), Duration.ofSeconds(5)), discovery,
                configured, "example.org", DirectoryCache.load(dir.resolve("directory-cache.json"), clock), clock);
    }

    @Test
    void ourRecipientsAreLookedUpInBatchesOfAHundredAndThenComeFromTheCache() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String a = "user" + i + "@example.org";
            addresses.add(a);
            ours.certificates.put(a, List.of(BOB.certificate()));
        }
        addresses.add("USER7@example.org"); // the same recipient in another case: asked once
        RecipientDirectory first = directory(Map.of());
        List<RecipientKeys> keys = first.resolve(addresses);
        assertThat(keys).hasSize(150).allSatisfy(k -> assertThat(k).isInstanceOf(RecipientKeys.Certified.class));
        assertThat(ours.batches).containsExactly(100, 50);
        assertThat(first.serviceCalls()).isEqualTo(2);

        RecipientDirectory second = directory(Map.of());
        assertThat(second.resolve(addresses.subList(0, 10))).hasSize(10);
        assertThat(second.serviceCalls()).isZero();
        assertThat(ours.batches).containsExactly(100, 50);
        assertThat(wellKnownAsked).as("the sender's own domain is never discovered").isEmpty();
    }

    @Test
    void aRecipientWithoutCertificateGetsACheckedProvisionalKeyOnce() throws Exception {
        RecipientKeys carol = directory(Map.of()).resolve(List.of("carol@example.org")).getFirst();
        assertThat(carol).isInstanceOfSatisfying(RecipientKeys.Provisional.class, p -> {
            assertThat(p.key().publicKey()).isEqualTo(ours.provisionalKeys.get("carol@example.org").getPublic());
            assertThat(p.key().keyIdentifier()).isEqualTo(SubjectKeyIds.of(p.key().publicKey()));
        });
        assertThat(ours.provisionalCalls).containsExactly("carol@example.org");

        RecipientDirectory again = directory(Map.of());
        assertThat(again.resolve(List.of("carol@example.org")).getFirst()).isInstanceOf(RecipientKeys.Provisional.class);
        assertThat(again.serviceCalls()).isZero();
        assertThat(ours.provisionalCalls).hasSize(1);
    }

    @Test
    void aProvisionalKeyThatDoesNotMatchItsIdentifierStopsEverything() {
        ours.wrongKeyIdentifier = true;
        assertThatThrownBy(() -> directory(Map.of()).resolve(List.of("bob2@example.org", "carol@example.org")))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("provisional key for bob2@example.org does not match its key identifier");
    }

    @Test
    void anExpiredCertificateIsNotUsed() throws Exception {
        Identity old = PKI.issue(EphemeralPki.Spec.ec("old@example.org", "secp256r1")
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))));
        ours.certificates.put("old@example.org", List.of(old.certificate()));
        assertThat(directory(Map.of()).resolve(List.of("old@example.org")).getFirst()).isInstanceOf(RecipientKeys.Provisional.class);
    }

    @Test
    void aConfiguredOnPremiseDomainIsAskedThereAnonymouslyAndNeverGetsAProvisionalKeyFromUs() throws Exception {
        theirs.certificates.put("dave@corp.example", List.of(DAVE.certificate()));
        ours.certificates.put("dave@corp.example", List.of(BOB.certificate())); // must not be used
        RecipientDirectory d = directory(Map.of("corp.example", theirs.base()));
        List<RecipientKeys> keys = d.resolve(List.of("dave@corp.example", "erin@corp.example"));
        assertThat(keys.get(0)).isInstanceOfSatisfying(RecipientKeys.Certified.class, c -> {
            assertThat(c.certificates()).containsExactly(DAVE.certificate());
            assertThat(c.service()).isEqualTo(theirs.base());
        });
        assertThat(keys.get(1)).isInstanceOfSatisfying(RecipientKeys.Uncertified.class,
                u -> assertThat(u.keyService()).isEqualTo(theirs.base()));
        assertThat(theirs.anonymous).containsExactly("dave@corp.example", "erin@corp.example");
        assertThat(ours.batches).isEmpty();
        assertThat(ours.provisionalCalls).isEmpty();
        assertThat(theirs.provisionalCalls).isEmpty();
        assertThat(wellKnownAsked).as("a configured domain is not discovered").isEmpty();
    }

    @Test
    void aDomainAnnouncingItsKeyServiceIsAskedThereAndTheDiscoveryIsCached() throws Exception {
        announcements.put("lab.example", "{\"keyService\": \"" + theirs.base() + "\"}");
        theirs.certificates.put("frank@lab.example", List.of(DAVE.certificate()));
        ours.certificates.put("gina@elsewhere.example", List.of(BOB.certificate()));
        List<RecipientKeys> keys = directory(Map.of()).resolve(List.of("frank@lab.example", "gina@elsewhere.example"));
        assertThat(keys.get(0)).isInstanceOfSatisfying(RecipientKeys.Certified.class, c -> assertThat(c.service()).isEqualTo(theirs.base()));
        assertThat(keys.get(1)).isInstanceOfSatisfying(RecipientKeys.Certified.class, c -> assertThat(c.service()).isEqualTo(ours.base()));
        assertThat(theirs.anonymous).containsExactly("frank@lab.example");
        assertThat(ours.batches).containsExactly(1);
        assertThat(wellKnownAsked).containsExactlyInAnyOrder("lab.example", "elsewhere.example");

        directory(Map.of()).resolve(List.of("frank@lab.example", "gina@elsewhere.example"));
        assertThat(wellKnownAsked).hasSize(2);
        assertThat(theirs.anonymous).hasSize(1);
    }

    @Test
    void anUnreachableServiceIsAOneLineFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> directory(URI.create("http://127.0.0.1:" + closed), Map.of()).resolve(List.of("bob@example.org")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("cannot reach the Sealpost service at http://127.0.0.1:" + closed).doesNotContain("\n");
                });
    }
}
