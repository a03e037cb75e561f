package org.sealpost.server.admin;

import java.util.Locale;

/** What an admin account may do (docs/IDENTITY-LEVELS.md, "Roles"). */
public enum AdminRole {
    /** Service-wide: approves or rejects V2 requests and organizations. Cannot vouch for employees. */
    OPERATOR("operator"),
    /** One mail domain: proves control of it, submits the organization's details, vouches for employees (V4). */
    ORG_ADMIN("org-admin");

    private final String id;

    AdminRole(String id) {
        this.id = id;
    }

    /** The name in the database, the CLI and the API: {@code operator}, {@code org-admin}. */
    public String id() {
        return id;
    }

    /** The role called {@code id}. */
    public static AdminRole of(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (AdminRole role : values()) {
            if (role.id.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "'; known: operator, org-admin");
    }
}
