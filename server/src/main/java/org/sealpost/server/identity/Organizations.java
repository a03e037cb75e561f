package org.sealpost.server.identity;

import static org.sealpost.server.identity.SqlTimes.optionalInstant;
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
import org.sealpost.server.admin.AdminAccount;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Organizations (table {@code identity_org}): the org admin submits the details, domain control is
 * proven ({@link DomainValidations}), an operator approves or rejects. Changed details need a new
 * approval. Every step is audited with its change. Thread-safe.
 */
public final class Organizations {
    private static final String COLUMNS = "mail_domain, organization, locality, state, country, status, validated_at,"
            + " validated_how, submitted_by, decided_by, reason";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public Organizations(Database db, AuditLog audit, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Submits (or changes) the organization's details; it is pending until an operator approves.
     *
     * @throws IdentityProblem FORBIDDEN unless {@code admin} is the domain's org admin; INVALID
     *                         without an organization name and country
     */
    public Organization submit(AdminAccount admin, String domain, SubjectDetails details) throws IdentityProblem {
        String form = RoleCheck.orgAdminOf(admin, domain, "submit its organization's details");
        details.require("an organization", "organization", "country");
        SubjectDetails org = SubjectDetails.none().withOrganization(details);
        Instant now = now();
        return db.inTransaction(c -> {
            Optional<Organization> before = find(c, form, true);
            String sql = before.isPresent()
                    ? "UPDATE identity_org SET organization = ?, locality = ?, state = ?, country = ?, status = 'pending',"
                            + " submitted_by = ?, updated_at = ?, decided_at = NULL, decided_by = NULL, reason = NULL WHERE mail_domain = ?"
                    : "INSERT INTO identity_org (organization, locality, state, country, status, submitted_by, updated_at,"
                            + " mail_domain) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, org.organization().orElseThrow());
                ps.setString(2, org.locality().orElse(null));
                ps.setString(3, org.state().orElse(null));
                ps.setString(4, org.country().orElseThrow());
                ps.setString(5, admin.actor());
                ps.setObject(6, utc(now));
                ps.setString(7, form);
                ps.executeUpdate();
            }
            audit.append(c, new AuditEvent(admin.actor(), "identity.org.submit", form, org.summary()));
            return find(c, form, false).orElseThrow();
        });
    }

    /**
     * Approves the organization: from now on its domain's addresses get V3 certificates and its
     * vouchers V4 ones.
     *
     * @throws IdentityProblem FORBIDDEN unless an operator; NOT_FOUND; CONFLICT when domain control is
     *                         not proven or it is not pending
     */
    public Organization approve(AdminAccount operator, String domain) throws IdentityProblem {
        RoleCheck.operator(operator, "approve an organization");
        return decide(operator, RoleCheck.domainForm(domain), OrgStatus.APPROVED, null);
    }

    /**
     * Rejects the organization's details.
     *
     * @throws IdentityProblem FORBIDDEN unless an operator; INVALID without a reason; NOT_FOUND; CONFLICT unless pending
     */
    public Organization reject(AdminAccount operator, String domain, String reason) throws IdentityProblem {
        RoleCheck.operator(operator, "reject an organization");
        return decide(operator, RoleCheck.domainForm(domain), OrgStatus.REJECTED, Reasons.checked(reason));
    }

    private Organization decide(AdminAccount operator, String domain, OrgStatus status, String reason) throws IdentityProblem {
        Instant now = now();
        Decision<Organization> outcome = db.inTransaction(c -> {
            Optional<Organization> found = find(c, domain, true);
            if (found.isEmpty()) {
                return Decision.refused(IdentityProblem.notFound("no organization for " + domain));
            }
            Organization org = found.get();
            if (org.status() != OrgStatus.PENDING) {
                return Decision.refused(IdentityProblem.conflict("the organization of " + domain + " is " + org.status().id()
                        + ", not pending"));
            }
            if (status == OrgStatus.APPROVED && org.validatedAt().isEmpty()) {
                return Decision.refused(IdentityProblem.conflict("control of " + domain + " is not proven yet"));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE identity_org SET status = ?, decided_at = ?, decided_by = ?,"
                    + " reason = ?, updated_at = ? WHERE mail_domain = ?")) {
                ps.setString(1, status.id());
                ps.setObject(2, utc(now));
                ps.setString(3, operator.actor());
                ps.setString(4, reason);
                ps.setObject(5, utc(now));
                ps.setString(6, domain);
                ps.executeUpdate();
            }
            audit.append(c, new AuditEvent(operator.actor(), status == OrgStatus.APPROVED ? "identity.org.approve"
                    : "identity.org.reject", domain, org.details().summary() + (reason == null ? "" : " reason=" + reason)));
            return Decision.done(find(c, domain, false).orElseThrow());
        });
        return outcome.get();
    }

    /** The organization of {@code domain}, if its details were submitted. */
    public Optional<Organization> find(String domain) {
        return db.inTransaction(c -> find(c, domain, false));
    }

    /** Every organization, pending ones first. */
    public List<Organization> list() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_org"
                    + " ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, mail_domain");
                 ResultSet rs = ps.executeQuery()) {
                List<Organization> orgs = new ArrayList<>();
                while (rs.next()) {
                    orgs.add(organization(rs));
                }
                return orgs;
            }
        });
    }

    /** Records proven domain control; joins the caller's transaction. */
    static void markValidated(Connection c, String domain, String how, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE identity_org SET validated_at = ?, validated_how = ?,"
                + " updated_at = ? WHERE mail_domain = ?")) {
            ps.setObject(1, utc(at));
            ps.setString(2, how);
            ps.setObject(3, utc(at));
            ps.setString(4, domain);
            ps.executeUpdate();
        }
    }

    static Optional<Organization> find(Connection c, String domain, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_org WHERE mail_domain = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(organization(rs)) : Optional.empty();
            }
        }
    }

    private static Organization organization(ResultSet rs) throws SQLException {
        SubjectDetails details = new SubjectDetails(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(rs.getString("organization")), Optional.ofNullable(rs.getString("locality")),
                Optional.ofNullable(rs.getString("state")), Optional.of(rs.getString("country")));
        return new Organization(rs.getString("mail_domain"), details, OrgStatus.of(rs.getString("status")),
                optionalInstant(rs, "validated_at"), Optional.ofNullable(rs.getString("validated_how")),
                rs.getString("submitted_by"), Optional.ofNullable(rs.getString("decided_by")),
                Optional.ofNullable(rs.getString("reason")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
