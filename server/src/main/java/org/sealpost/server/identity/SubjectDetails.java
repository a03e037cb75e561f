package org.sealpost.server.identity;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sealpost.ca.issue.SubjectAttributes;
import org.sealpost.ca.profile.SubjectAttribute;

/**
 * The identity a V2, V3 or V4 certificate states, as reviewed. Empty fields are absent. Built by
 * {@link #checked} only, so every instance holds values the CA can put in a subject name.
 *
 * @param givenName    V2, V4
 * @param surname      V2, V4
 * @param title        V4: the position in the organization
 * @param organization V3, V4: the organization's name
 * @param locality     city; V2, V3, V4
 * @param state        state or province, optional
 * @param country      ISO 3166-1 alpha-2, upper case
 */
public record SubjectDetails(Optional<String> givenName, Optional<String> surname, Optional<String> title,
        Optional<String> organization, Optional<String> locality, Optional<String> state, Optional<String> country) {

    /** The longest name, title or organization: commonName and X.520 ub-organization-name are 64. */
    static final int MAX_NAME = 64;
    /** The longest locality or state (X.520 ub-locality-name, ub-state-name). */
    static final int MAX_PLACE = 128;
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** Nothing stated yet. */
    public static SubjectDetails none() {
        return new SubjectDetails(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Details checked for length, control characters and the country code's shape.
     *
     * @throws IdentityProblem INVALID, naming the field
     */
    public static SubjectDetails checked(String givenName, String surname, String title, String organization,
            String locality, String state, String country) throws IdentityProblem {
        return new SubjectDetails(text("givenName", givenName, MAX_NAME), text("surname", surname, MAX_NAME),
                text("title", title, MAX_NAME), text("organization", organization, MAX_NAME),
                text("locality", locality, MAX_PLACE), text("state", state, MAX_PLACE), country(country));
    }

    /** These details with the organization's name and place (for V3 and V4). */
    SubjectDetails withOrganization(SubjectDetails org) {
        return new SubjectDetails(givenName, surname, title, org.organization, org.locality, org.state, org.country);
    }

    /**
     * Fails unless every field in {@code required} is present.
     *
     * @throws IdentityProblem INVALID, naming the missing fields
     */
    void require(String what, String... required) throws IdentityProblem {
        Map<String, Optional<String>> fields = Map.of("givenName", givenName, "surname", surname, "title", title,
                "organization", organization, "locality", locality, "country", country);
        StringBuilder missing = new StringBuilder();
        for (String name : required) {
            if (fields.get(name).isEmpty()) {
                missing.append(missing.isEmpty() ? "" : ", ").append(name);
            }
        }
        if (!missing.isEmpty()) {
            throw IdentityProblem.invalid(what + " needs " + missing);
        }
    }

    /** The details on one line, for people and audit records: {@code givenName=Alice surname=Archer ...}. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        givenName.ifPresent(v -> s.append(" givenName=").append(v));
        surname.ifPresent(v -> s.append(" surname=").append(v));
        title.ifPresent(v -> s.append(" title=").append(v));
        organization.ifPresent(v -> s.append(" organization=").append(v));
        locality.ifPresent(v -> s.append(" locality=").append(v));
        state.ifPresent(v -> s.append(" state=").append(v));
        country.ifPresent(v -> s.append(" country=").append(v));
        return s.toString().strip();
    }

    /** The subject attributes for the CA. */
    public SubjectAttributes attributes() {
        Map<SubjectAttribute, String> m = new EnumMap<>(SubjectAttribute.class);
        givenName.ifPresent(v -> m.put(SubjectAttribute.GIVEN_NAME, v));
        surname.ifPresent(v -> m.put(SubjectAttribute.SURNAME, v));
        title.ifPresent(v -> m.put(SubjectAttribute.TITLE, v));
        organization.ifPresent(v -> m.put(SubjectAttribute.ORGANIZATION, v));
        locality.ifPresent(v -> m.put(SubjectAttribute.LOCALITY, v));
        state.ifPresent(v -> m.put(SubjectAttribute.STATE, v));
        country.ifPresent(v -> m.put(SubjectAttribute.COUNTRY, v));
        return new SubjectAttributes(m);
    }

    private static Optional<String> text(String field, String value, int max) throws IdentityProblem {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() > max) {
            throw IdentityProblem.invalid(field + " is longer than " + max + " characters");
        }
        if (v.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw IdentityProblem.invalid(field + " contains control characters");
        }
        return Optional.of(v);
    }

    private static Optional<String> country(String value) throws IdentityProblem {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(v).matches()) {
            throw IdentityProblem.invalid("country must be a two-letter ISO 3166 code such as DE, not '" + value + "'");
        }
        return Optional.of(v);
    }
}
