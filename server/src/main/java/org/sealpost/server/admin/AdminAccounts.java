package org.sealpost.server.admin;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sealpost.server.auth.BearerSecrets;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.server.identity.MailDomain;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Admin accounts (table {@code admin_account}, migration V53): created with a fresh API token,
 * listed, disabled, and looked up by token. Every change is audited in the same transaction
 * ({@code admin.account.create}, {@code admin.account.disable}). Thread-safe.
 */
public final class AdminAccounts {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String COLUMNS = "name, role, mail_domain, created_at, created_by, disabled_at";
    /** Admin API tokens: {@code spa_} and 256 random bits; only their hash is stored. */
    private static final BearerSecrets TOKENS = new BearerSecrets("spa_");

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public AdminAccounts(Database db, AuditLog audit, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates an account and its token.
     *
     * @param domain the org admin's mail domain; must be null or blank for an operator
     * @param actor  who creates it, for the audit log (e.g. {@code operator:cli})
     * @throws IdentityProblem a bad name or domain (INVALID), or the name is taken (CONFLICT)
     */
    public CreatedAccount create(String name, AdminRole role, String domain, String actor) throws IdentityProblem {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw IdentityProblem.invalid("an account name is 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        Optional<String> mailDomain = switch (role) {
            case OPERATOR -> {
                if (domain != null && !domain.isBlank()) {
                    throw IdentityProblem.invalid("an operator acts service-wide and has no domain");
                }
                yield Optional.empty();
            }
            case ORG_ADMIN -> Optional.of(domain(domain));
        };
        String token = TOKENS.generate(random);
        AdminAccount account = new AdminAccount(name, role, mailDomain, now(), actor, Optional.empty());
        try {
            db.inTransaction(c -> {
                insert(c, account, TOKENS.hash(token));
                audit.append(c, new AuditEvent(actor, "admin.account.create", account.actor(),
                        "role=" + role.id() + mailDomain.map(d -> " domain=" + d).orElse("")));
                return null;
            });
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                throw IdentityProblem.conflict("an account named '" + name + "' exists already");
            }
            throw e;
        }
        return new CreatedAccount(account, token);
    }

    /** Every account, active or disabled, by name. */
    public List<AdminAccount> list() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM admin_account ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<AdminAccount> accounts = new ArrayList<>();
                while (rs.next()) {
                    accounts.add(account(rs));
                }
                return accounts;
            }
        });
    }

    /**
     * Disables an account: its token stops working at once, on every node.
     *
     * @throws IdentityProblem no such account (NOT_FOUND) or it is disabled already (CONFLICT)
     */
    public AdminAccount disable(String name, String actor) throws IdentityProblem {
        Instant now = now();
        Optional<AdminAccount> before = db.inTransaction(c -> {
            Optional<AdminAccount> found = find(c, name, true);
            if (found.isPresent() && found.get().active()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE admin_account SET disabled_at = ?, disabled_by = ? WHERE name = ?")) {
                    ps.setObject(1, utc(now));
                    ps.setString(2, actor);
                    ps.setString(3, name);
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent(actor, "admin.account.disable", found.get().actor(), "role=" + found.get().role().id()));
            }
            return found;
        });
        AdminAccount account = before.orElseThrow(() -> IdentityProblem.notFound("no admin account named '" + name + "'"));
        if (!account.active()) {
            throw IdentityProblem.conflict("the account '" + name + "' was disabled already");
        }
        return new AdminAccount(account.name(), account.role(), account.domain(), account.createdAt(), account.createdBy(),
                Optional.of(now));
    }

    /** The active account whose token this is; empty for anything else (malformed, unknown, disabled). */
    public Optional<AdminAccount> authenticate(String token) {
        if (!TOKENS.wellFormed(token)) {
            return Optional.empty();
        }
        // Looked up by hash: equality on a hash of a secret leaks nothing useful through timing.
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM admin_account WHERE token_sha256 = ?")) {
                ps.setString(1, TOKENS.hash(token));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.<AdminAccount>empty();
                }
            }
        }).filter(AdminAccount::active);
    }

    private static String domain(String domain) throws IdentityProblem {
        if (domain == null || domain.isBlank()) {
            throw IdentityProblem.invalid("an org admin needs the mail domain it administers");
        }
        return MailDomain.of(domain);
    }

    private static Optional<AdminAccount> find(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM admin_account WHERE name = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, AdminAccount a, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_account (name, role, mail_domain, token_sha256,"
                + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, a.name());
            ps.setString(2, a.role().id());
            ps.setString(3, a.domain().orElse(null));
            ps.setString(4, tokenHash);
            ps.setObject(5, utc(a.createdAt()));
            ps.setString(6, a.createdBy());
            ps.executeUpdate();
        }
    }

    private static AdminAccount account(ResultSet rs) throws SQLException {
        OffsetDateTime disabled = rs.getObject(6, OffsetDateTime.class);
        return new AdminAccount(rs.getString(1), AdminRole.of(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5),
                Optional.ofNullable(disabled).map(OffsetDateTime::toInstant));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
