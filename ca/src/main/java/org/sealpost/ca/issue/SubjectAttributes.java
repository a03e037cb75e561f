package org.sealpost.ca.issue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.ca.profile.SubjectAttribute;

/**
 * Validated identity attributes for the subject name (givenName, surname, title, ...). Which ones are
 * required or allowed is decided by the profile; this is only the data.
 */
public record SubjectAttributes(Map<SubjectAttribute, String> values) {
    public SubjectAttributes {
        EnumMap<SubjectAttribute, String> copy = new EnumMap<>(SubjectAttribute.class);
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                copy.put(k, v.strip());
            }
        });
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** No attributes. */
    public static SubjectAttributes none() {
        return new SubjectAttributes(Map.of());
    }

    /** These attributes plus {@code attribute = value} (replacing an earlier value). */
    public SubjectAttributes with(SubjectAttribute attribute, String value) {
        EnumMap<SubjectAttribute, String> m = new EnumMap<>(SubjectAttribute.class);
        m.putAll(values);
        m.put(attribute, value);
        return new SubjectAttributes(m);
    }

    /** The value of {@code attribute}, if set. */
    public Optional<String> get(SubjectAttribute attribute) {
        return Optional.ofNullable(values.get(attribute));
    }
}
