package org.sealpost.kms.recovery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sealpost.kms.recovery.RecoveryRefusedException.Reason;
import org.sealpost.storage.Database;

/**
 * Reads recovery requests: the statement an officer signs, and where a request stands. Needs only
 * the database (no vaults), so that an officer's tool can print a statement anywhere the key
 * service's database is reachable. Changes nothing, audits nothing. Thread-safe.
 */
public final class RecoveryRequests {
    private final Database db;
    private final Clock clock;
    private final OfficerRepository officers = new OfficerRepository();
    private final RequestRepository requests = new RequestRepository();

    /** Requests stored in {@code db}; {@code clock} decides what has expired. */
    public RecoveryRequests(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Request {@code requestId} as stored.
     *
     * @throws IllegalArgumentException when {@code requestId} is not of the form of an id
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST})
     */
    public RecoveryRequest find(String requestId) {
        String id = RecoveryText.id(requestId, "a request id");
        return db.inTransaction(c -> requests.find(c, id)).orElseThrow(() -> unknown(id));
    }

    /**
     * The statement an officer signs to make {@code decision} on request {@code requestId}: see
     * {@link RecoveryStatement} for the format and docs/KMS.md for signing it with openssl.
     *
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST})
     */
    public byte[] statement(String requestId, Decision decision) {
        Objects.requireNonNull(decision, "decision");
        return RecoveryStatement.encode(find(requestId), decision);
    }

    /**
     * Where request {@code requestId} stands now; every approval's signature is checked again.
     *
     * @throws RecoveryRefusedException ({@code UNKNOWN_REQUEST})
     */
    public RecoveryStatus status(String requestId) {
        String id = RecoveryText.id(requestId, "a request id");
        return db.inTransaction(c -> status(c, requests.find(c, id).orElseThrow(() -> unknown(id))));
    }

    /** The open requests of {@code domain} (expired ones included), oldest first: what its officers have to look at. */
    public List<RecoveryStatus> open(String domain) {
        String mailDomain = RecoveryText.domain(domain);
        return db.inTransaction(c -> {
            List<RecoveryStatus> open = new ArrayList<>();
            for (String id : requests.openRequestIds(c, mailDomain)) {
                open.add(status(c, requests.find(c, id).orElseThrow()));
            }
            return List.copyOf(open);
        });
    }

    /** The status of {@code request} at the clock's now, read on the caller's connection. */
    RecoveryStatus status(Connection c, RecoveryRequest request) throws SQLException {
        return ApprovalTally.status(request, requests.decisions(c, request.requestId()), officers.officers(c, request.domain()),
                officers.policy(c, request.domain()), clock.instant());
    }

    static RecoveryRefusedException unknown(String id) {
        return new RecoveryRefusedException(Reason.UNKNOWN_REQUEST, "there is no recovery request " + id);
    }
}
