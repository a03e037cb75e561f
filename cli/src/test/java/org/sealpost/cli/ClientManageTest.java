package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.cli.CliFixture.assertFailed;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.CliFixture.Result;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.ClientHome;
import org.sealpost.client.manage.KeyPasswordException;
import org.sealpost.client.manage.KeyProtection;
import org.sealpost.client.store.StoreData;
import org.sealpost.core.keys.EphemeralPki;
import org.sealpost.core.keys.Identity;

/**
 * {@code certs}, {@code devices}, {@code devices revoke} and {@code password set} against a real
 * server and mail server (the dev stack): two devices of one address, a lost device removed from the
 * other, a device that removes itself, and the key-protection password a second device then needs.
 */
class ClientManageTest {
    private static final String NEW_KEY_PASSWORD_ENV = "SEALPOST_NEW_KEY_PASSWORD";
    private static final String KEY_PASSWORD_ENV = "SEALPOST_KEY_PASSWORD";
    private static final String REMOVED = "this device was removed; run 'sealpost enroll --force'";

    @TempDir
    static Path dir;
    static ClientWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = ClientWorld.start(dir);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void certsShowsEncryptionSigningAndTimestampCertificatesWithTheirLevels() throws Exception {
        ClientWorld.User alice = world.user("alice-certs@example.org").enrolled();
        StoreData data = store(alice);

        Result text = alice.run("certs");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("encryption", "signing", "timestamp", "alice-certs@example.org",
                data.device().orElseThrow().certificate().getSerialNumber().toString(16));

        Result r = alice.run("certs", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = r.json();
        assertThat(json.path("notes")).as(r.out()).isEmpty();
        List<JsonNode> certs = list(json.path("certificates"));
        assertThat(certs).extracting(c -> c.path("kind").asText()).containsExactly("encryption", "signing", "timestamp");
        for (JsonNode c : certs) {
            assertThat(c.path("serialNumber").asText()).matches("[0-9a-f]+");
            assertThat(Instant.parse(c.path("notBefore").asText())).isBefore(Instant.parse(c.path("notAfter").asText()));
            assertThat(c.path("subject").isTextual()).isTrue();
            assertThat(c.path("addresses").isArray()).isTrue();
            assertThat(c.path("current").asBoolean()).isTrue();
        }
        JsonNode encryption = certs.get(0);
        assertThat(encryption.path("level").asText()).isEqualTo("V1");
        assertThat(encryption.path("addresses")).extracting(JsonNode::asText).containsExactly("alice-certs@example.org");
        assertThat(encryption.path("serialNumber").asText())
                .isEqualTo(data.encryptionKeys().getFirst().certificates().getFirst().getSerialNumber().toString(16));
        assertThat(encryption.has("device")).isFalse();
        JsonNode signing = certs.get(1);
        assertThat(signing.path("level").asText()).isEqualTo("V1");
        assertThat(signing.path("device").asText()).isEqualTo(data.device().orElseThrow().id());
        assertThat(signing.path("addresses")).extracting(JsonNode::asText).containsExactly("alice-certs@example.org");
        JsonNode timestamp = certs.get(2);
        assertThat(timestamp.path("level").isNull()).as("the TSA states no identity level").isTrue();
    }

    @Test
    void olderEncryptionKeysOnlyWithAll() throws Exception {
        ClientWorld.User erin = world.user("erin-all@example.org").enrolled();
        // An older key in the history, as a key rotation leaves it (the service rotates only near a
        // certificate's end, so the test puts one into the store the way enrollment keeps the history).
        Identity old = new EphemeralPki("older-key").ec("erin-all@example.org", "secp256r1");
        try (Account account = open(erin)) {
            List<StoreData.EncryptionKey> keys = new ArrayList<>(account.data().encryptionKeys());
            keys.add(new StoreData.EncryptionKey("older", old.privateKey(), List.of(old.certificate())));
            account.save(account.data().withEncryptionKeys(keys));
        }

        List<JsonNode> current = encryptionCertificates(erin.run("certs", "--json"));
        assertThat(current).singleElement().satisfies(c -> assertThat(c.path("current").asBoolean()).isTrue());
        List<JsonNode> all = encryptionCertificates(erin.run("certs", "--json", "--all"));
        assertThat(all).hasSize(2);
        assertThat(all.get(1).path("serialNumber").asText()).isEqualTo(old.certificate().getSerialNumber().toString(16));
        assertThat(all.get(1).path("current").asBoolean()).isFalse();
        Result text = erin.run("certs", "--all");
        assertThat(text.out()).contains(old.certificate().getSerialNumber().toString(16), "older");
    }

    @Test
    void aVpCertificateOfTheAddressIsFetchedKeptAndShownAsVp() throws Exception {
        Path files = dir.resolve("vp-files");
        java.nio.file.Files.createDirectories(files);
        CliFixture.writeFiles(files);
        // CliFixture's alice@example.org holds a certificate of another CA (Vp), imported by the operator.
        Result imported = CliFixture.run("admin", "external-import", "--data", dir.resolve("server"), "--address", "alice@example.org",
                "--p12", files.resolve("alice.p12"), "--password-env", CliFixture.PASSWORD_ENV, "--trust-anchors", files.resolve("root.pem"));
        assertThat(imported.exit()).as(imported.toString()).isZero();
        ClientWorld.User alice = world.user("alice@example.org").enrolled();

        Result r = alice.run("certs", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode vp = list(r.json().path("certificates")).stream().filter(c -> c.path("kind").asText().equals("identity"))
                .findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertThat(vp.path("level").asText()).isEqualTo("Vp");
        assertThat(vp.path("serialNumber").asText()).isEqualTo(CliFixture.ALICE.certificate().getSerialNumber().toString(16));
        assertThat(vp.path("current").asBoolean()).isTrue();
        assertThat(vp.has("device")).as("another CA's certificate is not for the device key").isFalse();
        assertThat(store(alice).identities()).singleElement().satisfies(i -> {
            assertThat(i.level()).isEqualTo("Vp");
            assertThat(i.certificate()).isEqualTo(CliFixture.ALICE.certificate());
        });
    }

    @Test
    void twoDevicesAreListedWithTheCurrentMarkerAndALostOneIsRemovedFromTheOther() throws Exception {
        ClientWorld.User laptop = world.device("frank@example.org", "laptop").enrolled();
        ClientWorld.User phone = world.device("frank@example.org", "phone").enrolled();
        String laptopId = store(laptop).device().orElseThrow().id();
        String phoneId = store(phone).device().orElseThrow().id();

        Map<String, JsonNode> fromLaptop = devices(laptop);
        assertThat(fromLaptop).containsOnlyKeys(laptopId, phoneId);
        assertThat(fromLaptop.get(laptopId).path("current").asBoolean()).isTrue();
        assertThat(fromLaptop.get(phoneId).path("current").asBoolean()).isFalse();
        assertThat(fromLaptop.get(phoneId).path("name").asText()).isEqualTo(phone.home.getFileName().toString());
        assertThat(fromLaptop.get(phoneId).path("level").asText()).isEqualTo("V1");
        assertThat(fromLaptop.get(phoneId).path("revoked").asBoolean()).isFalse();
        Map<String, JsonNode> fromPhone = devices(phone);
        assertThat(fromPhone.get(phoneId).path("current").asBoolean()).isTrue();
        assertThat(fromPhone.get(laptopId).path("current").asBoolean()).isFalse();
        Result text = laptop.run("devices");
        assertThat(text.exit()).isZero();
        assertThat(text.out().lines().filter(l -> l.startsWith("*"))).singleElement().satisfies(l -> assertThat(l).contains(laptopId));

        // The phone is lost: the laptop removes it, and the phone can do nothing with the service any more.
        Result revoke = laptop.run("devices revoke", phoneId);
        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        assertThat(revoke.out()).contains("Removed device " + phoneId).doesNotContain("this home can no longer act");
        for (String command : List.of("devices", "certs")) {
            Result refused = phone.run(command);
            assertFailed(refused, null, ExitCodes.FAILED);
            assertThat(refused.err()).contains(REMOVED);
        }
        JsonNode removed = devices(laptop).get(phoneId);
        assertThat(removed.path("revoked").asBoolean()).isTrue();
        assertThat(Instant.parse(removed.path("revokedAt").asText())).isBefore(Instant.now().plusSeconds(1));

        // Found again: the phone enrolls anew and is a device of the address again.
        Result again = phone.run("enroll", "--force", "--wait", "60");
        assertThat(again.exit()).as(again.toString()).isZero();
        String newPhoneId = store(phone).device().orElseThrow().id();
        Map<String, JsonNode> now = devices(phone);
        assertThat(now).containsOnlyKeys(laptopId, phoneId, newPhoneId);
        assertThat(now.get(newPhoneId).path("current").asBoolean()).isTrue();
    }

    @Test
    void aDeviceThatRemovesItselfSaysSoUntilItEnrollsAgain() throws Exception {
        ClientWorld.User grace = world.user("grace@example.org").enrolled();
        String id = store(grace).device().orElseThrow().id();

        Result revoke = grace.run("devices revoke", id);
        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        assertThat(revoke.out()).contains("Removed device " + id, "this home can no longer act", "sealpost enroll --force");
        assertThat(new ClientHome(grace.home).removedDeviceFile()).content().contains(id);
        for (String command : List.of("devices", "certs", "password set")) {
            Result refused = grace.run(command);
            assertFailed(refused, null, ExitCodes.FAILED);
            assertThat(refused.err()).contains(REMOVED);
        }

        Result again = grace.run("enroll", "--force", "--wait", "60");
        assertThat(again.exit()).as(again.toString()).isZero();
        String newId = store(grace).device().orElseThrow().id();
        Map<String, JsonNode> devices = devices(grace);
        assertThat(devices.get(newId).path("current").asBoolean()).isTrue();
        assertThat(devices.get(id).path("revoked").asBoolean()).isTrue();
    }

    @Test
    void aBadOrUnknownDeviceIdIsOneLine() throws Exception {
        ClientWorld.User henry = world.user("henry@example.org").enrolled();
        assertFailed(henry.run("devices revoke", "not an id/../x"), null, ExitCodes.USAGE);
        Result unknown = henry.run("devices revoke", "AAAAAAAAAAAAAAAAAAAAAA");
        assertFailed(unknown, null, ExitCodes.FAILED);
        assertThat(unknown.err()).contains("no device AAAAAAAAAAAAAAAAAAAAAA among the devices of henry@example.org");
        assertFailed(henry.run("devices revoke"), null, ExitCodes.USAGE);
        assertThat(devices(henry)).hasSize(1);
    }

    @Test
    void aKeyPasswordIsThenNeededByASecondDeviceAndChangedOnlyWithTheCurrentOne() throws Exception {
        String password = System.getenv(NEW_KEY_PASSWORD_ENV);
        ClientWorld.User laptop = world.device("ivy@example.org", "laptop").enrolled();

        Result set = laptop.run("password set");
        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(set.out()).contains("Key-protection password set for ivy@example.org").doesNotContain(password);

        // A second device without the password: enrolled, but its keys wait (exit 1, one clear line).
        ClientWorld.User phone = world.device("ivy@example.org", "phone");
        phone.addAccount();
        Result pending = phone.run("enroll", "--wait", "60");
        assertFailed(pending, null, ExitCodes.FAILED);
        assertThat(pending.err()).contains("enrolled, but the encryption keys could not be fetched", "protected by a password",
                KEY_PASSWORD_ENV);
        assertThat(store(phone).device()).isPresent();
        assertThat(store(phone).encryptionKeys()).isEmpty();
        // With it, the device gets the whole history.
        Result withPassword = CliProcess.run(phone, env(KEY_PASSWORD_ENV, password), "enroll", "--force", "--wait", "60");
        assertThat(withPassword.exit()).as(withPassword.toString()).isZero();
        assertThat(withPassword.out()).contains("Encryption keys: 1");
        assertThat(store(phone).encryptionKeys()).singleElement();

        // Changing needs the current one: none in the environment and no terminal is exit 2; a wrong one exit 1 with the tries left.
        Result noCurrent = laptop.run("password set");
        assertFailed(noCurrent, null, ExitCodes.USAGE);
        assertThat(noCurrent.err()).contains(KEY_PASSWORD_ENV);
        Map<String, String> wrong = env(KEY_PASSWORD_ENV, "not the password", NEW_KEY_PASSWORD_ENV, "a second long password");
        Result wrongCurrent = CliProcess.run(laptop, wrong, "password set");
        assertFailed(wrongCurrent, null, ExitCodes.FAILED);
        assertThat(wrongCurrent.err()).contains("wrong current key-protection password for ivy@example.org: 4 tries left")
                .doesNotContain("not the password", "a second long password");
        Result changed = CliProcess.run(laptop, env(KEY_PASSWORD_ENV, password, NEW_KEY_PASSWORD_ENV, "a second long password"),
                "password set");
        assertThat(changed.exit()).as(changed.toString()).isZero();
        assertThat(changed.out()).contains("Key-protection password changed for ivy@example.org");
        Result oldOne = CliProcess.run(phone, env(KEY_PASSWORD_ENV, password), "enroll", "--force", "--wait", "60");
        assertFailed(oldOne, null, ExitCodes.FAILED);
        assertThat(oldOne.err()).contains("wrong protection password");
    }

    @Test
    void withoutATerminalOrWithABadNewPasswordNothingIsAskedOrChanged() throws Exception {
        ClientWorld.User jack = world.user("jack@example.org").enrolled();
        Result noTerminal = CliProcess.run(jack, env(NEW_KEY_PASSWORD_ENV, null), "password set");
        assertFailed(noTerminal, null, ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains(NEW_KEY_PASSWORD_ENV, "not a terminal");
        Result tooShort = CliProcess.run(jack, env(NEW_KEY_PASSWORD_ENV, "short"), "password set");
        assertFailed(tooShort, null, ExitCodes.USAGE);
        assertThat(tooShort.err()).contains("at least 8 characters");
        // Nothing was set: a second set (not a change) still works without the current password.
        assertThat(jack.run("password set").exit()).isZero();
    }

    @Test
    void tooManyWrongCurrentPasswordsLockChangesAndSayUntilWhen() throws Exception {
        ClientWorld.User kate = world.user("kate@example.org").enrolled();
        assertThat(kate.run("password set").exit()).isZero();
        Map<String, String> wrong = env(KEY_PASSWORD_ENV, "a wrong password", NEW_KEY_PASSWORD_ENV, "another new password");
        // Four wrong tries through the library (the CLI's first one is shown above), counting down ...
        try (Account account = open(kate)) {
            KeyProtection protection = new KeyProtection(account);
            for (int left = 4; left >= 1; left--) {
                int expected = left;
                assertThatThrownBy(() -> protection.set("another new password".toCharArray(), Optional.of("a wrong password".toCharArray())))
                        .isInstanceOfSatisfying(KeyPasswordException.class, e -> {
                            assertThat(e.reason()).isEqualTo(KeyPasswordException.Reason.WRONG_CURRENT);
                            assertThat(e.remainingTries()).hasValue(expected);
                        });
            }
        }
        // ... and the fifth locks: the command says until when.
        Result r = CliProcess.run(kate, wrong, "password set");
        assertFailed(r, null, ExitCodes.FAILED);
        assertThat(r.err()).matches("(?s)sealpost: the keys of kate@example.org are locked after too many wrong key-protection passwords "
                + "until \\d{4}-\\d\\d-\\d\\dT.*Z; try again then\\s*");
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, JsonNode> devices(ClientWorld.User user) throws Exception {
        Result r = user.run("devices", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        Map<String, JsonNode> byId = new HashMap<>();
        r.json().path("devices").forEach(d -> byId.put(d.path("id").asText(), d));
        return byId;
    }

    private static List<JsonNode> encryptionCertificates(Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        return list(r.json().path("certificates")).stream().filter(c -> c.path("kind").asText().equals("encryption")).toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static StoreData store(ClientWorld.User user) throws Exception {
        try (Account account = open(user)) {
            return account.data();
        }
    }

    private static Account open(ClientWorld.User user) throws Exception {
        return Account.open(new ClientHome(user.home), System.getenv(ClientWorld.PASSPHRASE_ENV).toCharArray(), HttpClient.newHttpClient());
    }
}
