package org.sealpost.server.identity;

import static org.sealpost.server.identity.SqlTimes.instant;
import static org.sealpost.server.identity.SqlTimes.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.kms.OwnerAddress;
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Vouchers for employees (table {@code identity_voucher}): only the org admin of an approved
 * organization vouches, and only for addresses of its own domain. A voucher makes that address's
 * devices eligible for V4 certificates; withdrawing it stops new ones (issued ones stay valid
 * until revoked). Audited as {@code identity.voucher.add} and {@code identity.voucher.withdraw}. Thread-safe.
 */
public final class Vouchers {
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public Vouchers(Database db, AuditLog audit, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Vouches for the person at {@code address} (replacing an earlier voucher for it).
     *
     * @throws IdentityProblem FORBIDDEN unless the domain's org admin; INVALID for an address outside
     *                         the domain or missing name or title; CONFLICT unless the organization is approved
     */
    public Voucher vouch(AdminAccount admin, String domain, String address, SubjectDetails person) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "vouch for its employees");
        String owner = addressIn(form, address);
        person.require("a voucher", "givenName", "surname", "title");
        SubjectDetails details = new SubjectDetails(person.givenName(), person.surname(), person.title(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        Voucher voucher = new Voucher(owner, form, details, admin.actor(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        return db.inTransaction(c -> {
            Optional<Organization> org = Organizations.find(c, form, true);
            if (org.isEmpty() || !org.get().verified()) {
                return Decision.<Voucher>refused(IdentityProblem.conflict("the organization of " + form
                        + " is not approved yet: prove control of the domain and wait for an operator"));
            }
            delete(c, owner);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_voucher (address, mail_domain, given_name,"
                    + " surname, title, vouched_by, vouched_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, owner);
                ps.setString(2, form);
                ps.setString(3, details.givenName().orElseThrow());
                ps.setString(4, details.surname().orElseThrow());
                ps.setString(5, details.title().orElseThrow());
                ps.setString(6, voucher.vouchedBy());
                ps.setObject(7, utc(voucher.vouchedAt()));
                ps.executeUpdate();
            }
            audit.append(c, new AuditEvent(admin.actor(), "identity.voucher.add", owner, details.summary()));
            return Decision.done(voucher);
        }).get();
    }

    /**
     * Withdraws the voucher for {@code address}.
     *
     * @throws IdentityProblem FORBIDDEN unless the domain's org admin; NOT_FOUND when there is none
     */
    public void withdraw(AdminAccount admin, String domain, String address) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "withdraw vouchers");
        String owner = addressIn(form, address);
        boolean removed = db.inTransaction(c -> {
            if (delete(c, owner) == 0) {
                return false;
            }
            audit.append(c, new AuditEvent(admin.actor(), "identity.voucher.withdraw", owner, ""));
            return true;
        });
        if (!removed) {
            throw IdentityProblem.notFound("no voucher for " + owner);
        }
    }

    /** The domain's vouchers, by address. @throws IdentityProblem FORBIDDEN unless the domain's org admin */
    public List<Voucher> list(AdminAccount admin, String domain) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "list its vouchers");
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT address, mail_domain, given_name, surname, title, vouched_by,"
                    + " vouched_at FROM identity_voucher WHERE mail_domain = ? ORDER BY address")) {
                ps.setString(1, form);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Voucher> vouchers = new ArrayList<>();
                    while (rs.next()) {
                        vouchers.add(voucher(rs));
                    }
                    return vouchers;
                }
            }
        });
    }

    static Optional<Voucher> find(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT address, mail_domain, given_name, surname, title, vouched_by,"
                + " vouched_at FROM identity_voucher WHERE address = ?")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(voucher(rs)) : Optional.empty();
            }
        }
    }

    private static int delete(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM identity_voucher WHERE address = ?")) {
            ps.setString(1, address);
            return ps.executeUpdate();
        }
    }

    private static Voucher voucher(ResultSet rs) throws SQLException {
        SubjectDetails details = new SubjectDetails(Optional.of(rs.getString("given_name")),
                Optional.of(rs.getString("surname")), Optional.of(rs.getString("title")), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        return new Voucher(rs.getString("address"), rs.getString("mail_domain"), details, rs.getString("vouched_by"),
                instant(rs, "vouched_at"));
    }

    private static String addressIn(String domain, String address) throws IdentityProblem {
        String owner;
        try {
            owner = OwnerAddress.lookupForm(address);
        } catch (IllegalArgumentException e) {
            throw IdentityProblem.invalid(e.getMessage());
        }
        if (!owner.endsWith("@" + domain)) {
            throw IdentityProblem.invalid(owner + " is not an address of " + domain);
        }
        return owner;
    }
}
