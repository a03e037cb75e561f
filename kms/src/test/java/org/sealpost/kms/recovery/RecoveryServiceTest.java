package org.sealpost.kms.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.kms.KeyMaterialCheck;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyRepository;
import org.sealpost.kms.KeyServiceException;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.KeyStatus;
import org.sealpost.kms.ReleasePackage;
import org.sealpost.kms.ReleasedKey;
import org.sealpost.kms.recovery.RecoveryRefusedException.Reason;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.storage.audit.AuditVerification;
import org.sealpost.storage.testing.TestDatabase;

/**
 * Legal-hold recovery end to end against embedded vaults, on H2 and PostgreSQL: officers, policy,
 * requests, signed approvals and denials, the release of the whole history, and every refusal.
 */
class RecoveryServiceTest {
    private static final String BOTH = "org.sealpost.storage.testing.TestDatabases#all";
    private static final String ALICE = "alice@example.org";
    private static final String DOMAIN = "example.org";
    private static final String ADMIN = "admin:carol";
    private static final String REASON = "Case 2026-041, court order of 2026-11-30";
    private static final String PASSWORD = "alice's own protection password";

    // One key per kind the officers may use; RSA-2048 once for the whole class.
    private static final KeyPair RSA_OFFICER = RecoveryRig.officerKey(KeySpec.RSA_2048);
    private static final KeyPair P256_OFFICER = RecoveryRig.officerKey(KeySpec.EC_P256);
    private static final KeyPair P384_OFFICER = RecoveryRig.officerKey(KeySpec.EC_P384);

    @TempDir
    Path dir;

    /** A rig with Alice's two keys (one rotated) and three officers of example.org, 2 approvals required. */
    private Setup setUp(TestDatabase testDb) {
        RecoveryRig rig = new RecoveryRig(testDb.open(), dir);
        rig.keys.create(ALICE, KeySpec.EC_P256, KeyStatus.ACTIVE);
        rig.clock.advance(Duration.ofDays(1));
        rig.keys.rotate(ALICE, KeySpec.EC_P384);
        RecoveryOfficer a = rig.officers.add(DOMAIN, "Ann Archer", RSA_OFFICER.getPublic(), ADMIN);
        RecoveryOfficer b = rig.officers.add(DOMAIN, "Bo Berg", P256_OFFICER.getPublic(), ADMIN);
        RecoveryOfficer c = rig.officers.add(DOMAIN, "Cy Chen", P384_OFFICER.getPublic(), ADMIN);
        rig.officers.setPolicy(DOMAIN, 2, ADMIN);
        return new Setup(rig, a, b, c);
    }

    private record Setup(RecoveryRig rig, RecoveryOfficer a, RecoveryOfficer b, RecoveryOfficer c) implements AutoCloseable {
        RecoveryRequest open(KeyPair transport) {
            return rig.recovery.open(ALICE, transport.getPublic(), REASON, ADMIN);
        }

        /** {@code officer}'s signed approval of {@code request}, made with its key. */
        RecoveryStatus approve(RecoveryRequest request, RecoveryOfficer officer) {
            return decide(request, officer, Decision.APPROVE);
        }

        RecoveryStatus decide(RecoveryRequest request, RecoveryOfficer officer, Decision decision) {
            byte[] statement = rig.requests.statement(request.requestId(), decision);
            return rig.recovery.decide(request.requestId(), officer.officerId(), decision, RecoveryRig.sign(keyOf(officer).getPrivate(), statement));
        }

        /** A request to {@code transport}, approved by each of {@code approvers}. */
        RecoveryRequest approved(KeyPair transport, RecoveryOfficer... approvers) {
            RecoveryRequest request = open(transport);
            for (RecoveryOfficer officer : approvers) {
                approve(request, officer);
            }
            return request;
        }

        KeyPair keyOf(RecoveryOfficer officer) {
            return officer.equals(a) ? RSA_OFFICER : officer.equals(b) ? P256_OFFICER : P384_OFFICER;
        }

        List<KeyRecord> history() {
            return rig.db.inTransaction(c -> new KeyRepository().history(c, ALICE));
        }

        @Override
        public void close() {
            rig.close();
        }
    }

    /** The officer ids of a {@code kms.recovery.release} record's {@code approved-by=} field. */
    private static List<String> approvedBy(AuditRecord release) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("approved-by=(\\S+)").matcher(release.details());
        assertThat(m.find()).as(release.details()).isTrue();
        return List.of(m.group(1).split(","));
    }

    private static Reason refusal(Throwable e) {
        return ((RecoveryRefusedException) e).reason();
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void twoOfThreeOfficersRecoverTheWholeHistoryWithoutTheOwnersPassword(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            rig.protection.setPassword(ALICE, PASSWORD.toCharArray());
            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P256);
            RecoveryRequest request = s.open(transport);
            assertThat(request.address()).isEqualTo(ALICE);
            assertThat(request.state()).isEqualTo(RequestState.OPEN);
            assertThat(request.expiresAt()).isEqualTo(rig.clock.instant().plus(RecoveryService.DEFAULT_LIFETIME));
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.OPEN);
            assertThat(rig.requests.open(DOMAIN)).extracting(st -> st.request().requestId()).containsExactly(request.requestId());

            RecoveryStatus afterOne = s.approve(request, s.a());
            assertThat(afterOne.stage()).isEqualTo(RecoveryStatus.Stage.OPEN);
            assertThat(afterOne.approvedBy()).containsExactly(s.a().officerId());
            // One approval is not enough.
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .isInstanceOf(RecoveryRefusedException.class).hasMessageContaining("1 valid approvals of the 2 required")
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_APPROVALS));

            RecoveryStatus afterTwo = s.approve(request, s.b());
            assertThat(afterTwo.stage()).isEqualTo(RecoveryStatus.Stage.APPROVED);
            assertThat(afterTwo.approvedBy()).containsExactlyInAnyOrder(s.a().officerId(), s.b().officerId());

            byte[] envelope = rig.recovery.release(request.requestId(), ADMIN);
            List<ReleasedKey> released = new ReleasePackage(RecoveryRig.RANDOM).open(envelope, transport.getPrivate(), transport.getPublic());
            List<KeyRecord> history = s.history();
            assertThat(history).hasSize(2);
            assertThat(released).extracting(ReleasedKey::keyId).containsExactlyElementsOf(history.stream().map(KeyRecord::keyId).toList());
            KeyMaterialCheck check = new KeyMaterialCheck(RecoveryRig.RANDOM);
            for (int i = 0; i < history.size(); i++) {
                assertThat(check.matches(history.get(i).decodePublicKey(), released.get(i).key())).as("key %d", i).isTrue();
            }

            RecoveryStatus done = rig.requests.status(request.requestId());
            assertThat(done.stage()).isEqualTo(RecoveryStatus.Stage.RELEASED);
            assertThat(done.request().closedBy()).contains(ADMIN);
            assertThat(rig.requests.open(DOMAIN)).isEmpty();
            // Single use.
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NOT_OPEN));
            // A late approval changes nothing.
            assertThatThrownBy(() -> s.approve(request, s.c())).satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NOT_OPEN));

            List<AuditRecord> records = rig.auditRecords();
            assertThat(records).extracting(AuditRecord::action).containsSubsequence("kms.recovery.officer.add", "kms.recovery.officer.add",
                    "kms.recovery.officer.add", "kms.recovery.policy.set", "kms.protection.set", "kms.recovery.open", "kms.recovery.approve",
                    "kms.recovery.release.refused", "kms.recovery.approve", "kms.recovery.release", "kms.recovery.release.refused",
                    "kms.recovery.decision.refused");
            // The password was never asked: no verification, and no device release record.
            assertThat(rig.auditActions()).doesNotContain("kms.protection.verify", "kms.release");
            AuditRecord release = records.stream().filter(r -> r.action().equals("kms.recovery.release")).findFirst().orElseThrow();
            assertThat(release.actor()).isEqualTo(ADMIN);
            assertThat(release.subject()).isEqualTo(request.requestId());
            assertThat(approvedBy(release)).containsExactlyInAnyOrder(s.a().officerId(), s.b().officerId());
            assertThat(release.details()).contains("address=" + ALICE, "required=2", "transport-sha256=" + request.transportKeySha256(),
                    "keys=" + history.get(0).keyId() + "," + history.get(1).keyId());
            AuditRecord approve = records.stream().filter(r -> r.action().equals("kms.recovery.approve")).findFirst().orElseThrow();
            assertThat(approve.actor()).isEqualTo("recovery-officer:" + s.a().officerId());
            assertThat(approve.details()).contains("approvals=1/2", "stage=open", "name=Ann Archer");
            assertThat(rig.audit.verify()).isInstanceOf(AuditVerification.Intact.class);
            assertNoSecretsIn(records, released, List.of(RSA_OFFICER, P256_OFFICER, P384_OFFICER, transport));
        }
    }

    private static void assertNoSecretsIn(List<AuditRecord> records, List<ReleasedKey> released, List<KeyPair> otherKeys) {
        List<byte[]> secrets = new ArrayList<>();
        released.forEach(k -> secrets.add(k.key().getEncoded()));
        otherKeys.forEach(k -> secrets.add(k.getPrivate().getEncoded()));
        for (AuditRecord r : records) {
            String text = (r.actor() + " " + r.action() + " " + r.subject() + " " + r.details()).toLowerCase(Locale.ROOT);
            assertThat(text).doesNotContain(PASSWORD.toLowerCase(Locale.ROOT));
            for (byte[] secret : secrets) {
                assertThat(text).doesNotContain(HexFormat.of().formatHex(secret))
                        .doesNotContain(Base64.getEncoder().encodeToString(secret).toLowerCase(Locale.ROOT));
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void forgedReplayedAndDuplicateSignaturesAreRefusedAndStoreNothing(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            RecoveryRequest request = s.open(RecoveryRig.officerKey(KeySpec.EC_P256));
            RecoveryRequest other = s.open(RecoveryRig.officerKey(KeySpec.EC_P256));
            String id = request.requestId();
            byte[] approval = rig.requests.statement(id, Decision.APPROVE);

            // Garbage, an empty signature, and a signature by a key nobody registered.
            byte[] garbage = new byte[72];
            RecoveryRig.RANDOM.nextBytes(garbage);
            KeyPair stranger = RecoveryRig.officerKey(KeySpec.EC_P256);
            for (byte[] forged : List.of(garbage, new byte[0], RecoveryRig.sign(stranger.getPrivate(), approval),
                    // Officer b's valid signature handed in as officer a's.
                    RecoveryRig.sign(P256_OFFICER.getPrivate(), approval),
                    // Officer a's signature over another request's statement.
                    RecoveryRig.sign(RSA_OFFICER.getPrivate(), rig.requests.statement(other.requestId(), Decision.APPROVE)),
                    // Officer a's denial offered as an approval.
                    RecoveryRig.sign(RSA_OFFICER.getPrivate(), rig.requests.statement(id, Decision.DENY)))) {
                assertThatThrownBy(() -> rig.recovery.decide(id, s.a().officerId(), Decision.APPROVE, forged))
                        .isInstanceOf(RecoveryRefusedException.class).hasMessageContaining("does not verify")
                        .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.BAD_SIGNATURE));
            }
            // An approval signed by a valid key is not valid as a denial either.
            assertThatThrownBy(() -> rig.recovery.decide(id, s.a().officerId(), Decision.DENY, RecoveryRig.sign(RSA_OFFICER.getPrivate(), approval)))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.BAD_SIGNATURE));
            assertThat(rig.requests.status(id).decisions()).isEmpty();

            // Unknown officers, and officers of another domain.
            RecoveryOfficer elsewhere = rig.officers.add("example.net", "Di Dunn", stranger.getPublic(), ADMIN);
            assertThatThrownBy(() -> rig.recovery.decide(id, elsewhere.officerId(), Decision.APPROVE, RecoveryRig.sign(stranger.getPrivate(), approval)))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.UNKNOWN_OFFICER));
            assertThatThrownBy(() -> rig.recovery.decide(id, "AAAAAAAAAAAAAAAAAAAAAA", Decision.APPROVE, garbage))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.UNKNOWN_OFFICER));

            // The same officer twice: the second time is refused, whatever it signs.
            s.approve(request, s.a());
            assertThatThrownBy(() -> s.approve(request, s.a())).isInstanceOf(RecoveryRefusedException.class)
                    .hasMessageContaining("already decided").satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.ALREADY_DECIDED));
            assertThatThrownBy(() -> s.decide(request, s.a(), Decision.DENY))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.ALREADY_DECIDED));
            RecoveryStatus status = rig.requests.status(id);
            assertThat(status.decisions()).hasSize(1);
            assertThat(status.approvedBy()).containsExactly(s.a().officerId());
            assertThatThrownBy(() -> rig.recovery.release(id, ADMIN)).satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_APPROVALS));

            // Every refusal was audited, with the claimed officer as actor.
            List<AuditRecord> refused = rig.auditRecords().stream().filter(r -> r.action().equals("kms.recovery.decision.refused")).toList();
            assertThat(refused).hasSize(11);
            assertThat(refused.getFirst().actor()).isEqualTo("recovery-officer:" + s.a().officerId());
            assertThat(refused.getFirst().details()).startsWith("refused=bad_signature reason=");
            assertThat(rig.audit.verify()).isInstanceOf(AuditVerification.Intact.class);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aRemovedOfficersApprovalNoLongerCounts(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P256);
            RecoveryRequest request = s.approved(transport, s.a(), s.b());
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.APPROVED);

            assertThat(rig.officers.remove(s.b().officerId(), ADMIN)).isTrue();
            assertThat(rig.officers.remove(s.b().officerId(), ADMIN)).isFalse();
            RecoveryStatus status = rig.requests.status(request.requestId());
            assertThat(status.stage()).isEqualTo(RecoveryStatus.Stage.OPEN);
            assertThat(status.approvedBy()).containsExactly(s.a().officerId());
            assertThat(status.decisions()).hasSize(2);
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_APPROVALS));

            // Removal keeps the record; re-adding the key makes a new officer, who may decide anew.
            List<RecoveryOfficer> all = rig.officers.officers(DOMAIN);
            assertThat(all).hasSize(3);
            RecoveryOfficer removed = all.stream().filter(o -> o.officerId().equals(s.b().officerId())).findFirst().orElseThrow();
            assertThat(removed.active()).isFalse();
            assertThat(removed.removedBy()).contains(ADMIN);
            assertThatThrownBy(() -> rig.recovery.decide(request.requestId(), removed.officerId(), Decision.APPROVE,
                    RecoveryRig.sign(P256_OFFICER.getPrivate(), rig.requests.statement(request.requestId(), Decision.APPROVE))))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.OFFICER_REMOVED));

            s.approve(request, s.c());
            List<ReleasedKey> released = new ReleasePackage(RecoveryRig.RANDOM).open(rig.recovery.release(request.requestId(), ADMIN),
                    transport.getPrivate(), transport.getPublic());
            assertThat(released).hasSize(2);
            AuditRecord release = rig.auditRecords().stream().filter(r -> r.action().equals("kms.recovery.release")).findFirst().orElseThrow();
            assertThat(approvedBy(release)).containsExactlyInAnyOrder(s.a().officerId(), s.c().officerId());

            // Removing officers below the policy's m is allowed (a compromised key must go), and says what it means.
            rig.officers.remove(s.c().officerId(), ADMIN);
            assertThat(rig.auditRecords().getLast().details()).contains("active-officers=1", "recovery is impossible until officers are added");
            assertThatThrownBy(() -> s.open(transport)).satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_OFFICERS));
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.recovery.open.refused");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void anExpiredRequestCanNeitherBeApprovedNorReleased(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            RecoveryRequest request = s.approved(RecoveryRig.officerKey(KeySpec.EC_P256), s.a());
            byte[] late = RecoveryRig.sign(P256_OFFICER.getPrivate(), rig.requests.statement(request.requestId(), Decision.APPROVE));
            rig.clock.advance(RecoveryService.DEFAULT_LIFETIME.minusSeconds(1));
            s.approve(request, s.c());
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.APPROVED);
            rig.clock.advance(Duration.ofSeconds(1));

            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.EXPIRED);
            assertThatThrownBy(() -> rig.recovery.decide(request.requestId(), s.b().officerId(), Decision.APPROVE, late))
                    .isInstanceOf(RecoveryRefusedException.class).hasMessageContaining("expired at " + request.expiresAt())
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.EXPIRED));
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.EXPIRED));
            assertThat(rig.auditRecords().getLast().details()).startsWith("refused=expired");

            // An expired request can still be cancelled, once.
            assertThat(rig.recovery.cancel(request.requestId(), ADMIN).stage()).isEqualTo(RecoveryStatus.Stage.CANCELLED);
            assertThatThrownBy(() -> rig.recovery.cancel(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NOT_OPEN));
            assertThat(rig.auditActions()).contains("kms.recovery.cancel", "kms.recovery.cancel.refused");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aDenialClosesTheRequest(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            RecoveryRequest request = s.approved(RecoveryRig.officerKey(KeySpec.EC_P256), s.a());
            RecoveryStatus denied = s.decide(request, s.c(), Decision.DENY);
            assertThat(denied.stage()).isEqualTo(RecoveryStatus.Stage.DENIED);
            assertThat(denied.request().closedBy()).contains("recovery-officer:" + s.c().officerId());
            assertThatThrownBy(() -> s.approve(request, s.b())).satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NOT_OPEN));
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NOT_OPEN));
            assertThat(rig.auditActions()).contains("kms.recovery.deny");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void withoutAPolicyThereIsNoRecovery(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P256);
            // A domain that never had a policy, and one with officers but no policy yet.
            rig.keys.create("bob@example.net", KeySpec.EC_P256, KeyStatus.ACTIVE);
            assertThatThrownBy(() -> rig.recovery.open("bob@example.net", transport.getPublic(), REASON, ADMIN))
                    .isInstanceOf(RecoveryRefusedException.class).hasMessageContaining("not available for example.net")
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NO_POLICY));
            rig.officers.add("example.net", "Di Dunn", P256_OFFICER.getPublic(), ADMIN);
            assertThat(rig.officers.policy("example.net")).isEmpty();
            assertThatThrownBy(() -> rig.recovery.open("bob@example.net", transport.getPublic(), REASON, ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NO_POLICY));

            // A policy withdrawn while a request is approved stops its release.
            RecoveryRequest request = s.approved(transport, s.a(), s.b());
            assertThat(rig.officers.disable(DOMAIN, ADMIN)).isTrue();
            assertThat(rig.officers.disable(DOMAIN, ADMIN)).isFalse();
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.OPEN);
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NO_POLICY));
            // Set again, with a higher m: it applies to the open request too.
            rig.officers.setPolicy(DOMAIN, 3, ADMIN);
            assertThat(rig.requests.status(request.requestId()).requiredApprovals()).isEqualTo(3);
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_APPROVALS));
            s.approve(request, s.c());
            assertThat(rig.recovery.release(request.requestId(), ADMIN)).isNotEmpty();
            assertThat(rig.auditActions()).contains("kms.recovery.policy.disable", "kms.recovery.open.refused");
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void policiesNeedTwoApprovalsAndEnoughOfficersAndOfficersTheirOwnKeys(TestDatabase testDb) throws Exception {
        try (Setup s = setUp(testDb)) {
            RecoveryOfficers officers = s.rig().officers;
            assertThatThrownBy(() -> officers.setPolicy(DOMAIN, 1, ADMIN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one officer alone must never recover a key");
            assertThatThrownBy(() -> officers.setPolicy(DOMAIN, 4, ADMIN)).isInstanceOf(RecoveryRefusedException.class)
                    .hasMessageContaining("has 3 active recovery officers").satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.TOO_FEW_OFFICERS));
            assertThat(officers.policy("EXAMPLE.org")).map(RecoveryPolicy::requiredApprovals).contains(2);

            assertThatThrownBy(() -> officers.add(DOMAIN, "Ann again", RSA_OFFICER.getPublic(), ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.DUPLICATE_OFFICER_KEY));
            // The same key may serve another domain.
            assertThat(officers.add("example.com", "Ann Archer", RSA_OFFICER.getPublic(), ADMIN).domain()).isEqualTo("example.com");

            // Unsuitable keys and text: a clear error, nothing stored.
            java.security.KeyPairGenerator small = generator("RSA");
            small.initialize(1024);
            assertThatThrownBy(() -> officers.add(DOMAIN, "Weak", small.generateKeyPair().getPublic(), ADMIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2048");
            assertThatThrownBy(() -> officers.add(DOMAIN, "Ed", generator("Ed25519").generateKeyPair().getPublic(), ADMIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported key");
            assertThatThrownBy(() -> officers.add(DOMAIN, "Eve\nreason: other", RecoveryRig.officerKey(KeySpec.EC_P256).getPublic(), ADMIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line of visible text");
            assertThatThrownBy(() -> officers.add("exa\nmple.org", "Eve", RecoveryRig.officerKey(KeySpec.EC_P256).getPublic(), ADMIN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> officers.remove("no such id!", ADMIN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> officers.remove("AAAAAAAAAAAAAAAAAAAAAA", ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.UNKNOWN_OFFICER));
            assertThat(officers.officers(DOMAIN)).hasSize(3);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void badRequestsAreRefusedBeforeAnythingIsStored(TestDatabase testDb) throws Exception {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P256);
            int before = rig.auditRecords().size();
            for (String reason : List.of("", "  ", "two\nlines", "tab\there", "bidi \u202Eevil", "x".repeat(1001))) {
                assertThatThrownBy(() -> rig.recovery.open(ALICE, transport.getPublic(), reason, ADMIN))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
            }
            assertThatThrownBy(() -> rig.recovery.open("al\nice@example.org", transport.getPublic(), REASON, ADMIN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> rig.recovery.open(ALICE, generator("Ed25519").generateKeyPair().getPublic(), REASON, ADMIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the transport key");
            assertThatThrownBy(() -> rig.recovery.open(ALICE, transport.getPublic(), REASON, " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requester");
            assertThatThrownBy(() -> rig.requests.status("../etc")).isInstanceOf(IllegalArgumentException.class);
            assertThat(rig.auditRecords()).hasSize(before);

            assertThatThrownBy(() -> rig.requests.status("AAAAAAAAAAAAAAAAAAAAAA"))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.UNKNOWN_REQUEST));
            assertThatThrownBy(() -> rig.recovery.release("AAAAAAAAAAAAAAAAAAAAAA", ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.UNKNOWN_REQUEST));
            assertThatThrownBy(() -> rig.recovery.open("nobody@example.org", transport.getPublic(), REASON, ADMIN))
                    .satisfies(e -> assertThat(refusal(e)).isEqualTo(Reason.NO_KEYS));
            assertThat(rig.requests.open(DOMAIN)).isEmpty();
            assertThatThrownBy(() -> new RecoveryService(rig.db, rig.audit, rig.keys, rig.clock, RecoveryRig.RANDOM, Duration.ofMinutes(5)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void aVaultOutageFailsTheReleaseAuditedAndTheRequestStaysOpen(TestDatabase testDb) {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            KeyPair transport = RecoveryRig.officerKey(KeySpec.EC_P384);
            RecoveryRequest request = s.approved(transport, s.a(), s.c());
            rig.vaultsDown();
            assertThatThrownBy(() -> rig.recovery.release(request.requestId(), ADMIN))
                    .isInstanceOf(KeyServiceException.class).isNotInstanceOf(RecoveryRefusedException.class)
                    .hasMessageContaining("shares needed could be read");
            assertThat(rig.auditRecords().getLast().action()).isEqualTo("kms.recovery.release.failed");
            assertThat(rig.requests.status(request.requestId()).stage()).isEqualTo(RecoveryStatus.Stage.APPROVED);

            rig.vaultsBack();
            List<ReleasedKey> released = new ReleasePackage(RecoveryRig.RANDOM).open(rig.recovery.release(request.requestId(), ADMIN),
                    transport.getPrivate(), transport.getPublic());
            assertThat(released).hasSize(2);
            assertThat(rig.audit.verify()).isInstanceOf(AuditVerification.Intact.class);
        }
    }

    @ParameterizedTest
    @MethodSource(BOTH)
    void concurrentReleasesOfOneRequestHandOutOneEnvelope(TestDatabase testDb) throws Exception {
        try (Setup s = setUp(testDb)) {
            RecoveryRig rig = s.rig();
            RecoveryRequest request = s.approved(RecoveryRig.officerKey(KeySpec.EC_P256), s.b(), s.c());
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Optional<byte[]>>> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Callable<Optional<byte[]>> release = () -> {
                        try {
                            return Optional.of(rig.recovery.release(request.requestId(), ADMIN));
                        } catch (RecoveryRefusedException e) {
                            assertThat(e.reason()).isEqualTo(Reason.NOT_OPEN);
                            return Optional.empty();
                        }
                    };
                    results.add(pool.submit(release));
                }
                int envelopes = 0;
                for (Future<Optional<byte[]>> f : results) {
                    envelopes += f.get().isPresent() ? 1 : 0;
                }
                assertThat(envelopes).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
            assertThat(rig.auditActions().stream().filter("kms.recovery.release"::equals).count()).isEqualTo(1);
        }
    }

    private static java.security.KeyPairGenerator generator(String algorithm) throws java.security.NoSuchAlgorithmException {
        return java.security.KeyPairGenerator.getInstance(algorithm);
    }
}
