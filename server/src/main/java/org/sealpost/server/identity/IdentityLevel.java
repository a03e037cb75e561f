package org.sealpost.server.identity;

import java.util.Locale;
import java.util.Optional;
import org.sealpost.ca.profile.Profiles;

/** The signing-certificate levels above V1 that a device can ask for (docs/IDENTITY-LEVELS.md). */
public enum IdentityLevel {
    /** A person: given name, surname, locality, country; reviewed by an operator. */
    V2(Profiles.SIGNING_V2),
    /** An organization: every address of a domain whose organization is validated and approved. */
    V3(Profiles.SIGNING_V3),
    /** An employee: a person's name and title, vouched for by the organization's admin. */
    V4(Profiles.SIGNING_V4);

    private final String profile;

    IdentityLevel(String profile) {
        this.profile = profile;
    }

    /** The CA profile its certificates are issued under. */
    public String profile() {
        return profile;
    }

    /** The level whose certificates are issued under {@code profile}, if any is. */
    public static Optional<IdentityLevel> ofProfile(String profile) {
        for (IdentityLevel level : values()) {
            if (level.profile.equals(profile)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** The level called {@code name} ({@code V2}, {@code v3}...). */
    public static IdentityLevel of(String name) throws IdentityProblem {
        if (name != null) {
            for (IdentityLevel level : values()) {
                if (level.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw IdentityProblem.invalid("level must be V2, V3 or V4" + (name == null ? "" : ", not '" + name + "'"));
    }
}
