package org.sealpost.vault;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How to reach the PKCS#11 token that holds a vault's KEK (no secrets: the PIN is passed separately).
 *
 * @param library       the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot          the slot id, or empty to use {@code slotListIndex}
 * @param slotListIndex index into the module's slot list; used when {@code slot} is empty (default 0)
 * @param keyLabel      the label (SunPKCS11 key store alias) of the AES key on the token
 */
public record Pkcs11Settings(Path library, OptionalLong slot, OptionalInt slotListIndex, String keyLabel) {
    /** The label of a KEK made by {@code sealpost vault init}. */
    public static final String DEFAULT_KEY_LABEL = "sealpost-vault-kek";

    public Pkcs11Settings {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(slotListIndex, "slotListIndex");
        Objects.requireNonNull(keyLabel, "keyLabel");
        if (keyLabel.isBlank() || keyLabel.chars().anyMatch(ch -> ch < 0x20 || ch == '"')) {
            throw new IllegalArgumentException("invalid PKCS#11 key label");
        }
    }

    /** The token in slot {@code slotId} of {@code library}, KEK label {@link #DEFAULT_KEY_LABEL}. */
    public static Pkcs11Settings slot(Path library, long slotId) {
        return new Pkcs11Settings(library, OptionalLong.of(slotId), OptionalInt.empty(), DEFAULT_KEY_LABEL);
    }

    /**
     * The SunPKCS11 configuration. Secret keys generated through it are token objects, sensitive and
     * non-extractable: the KEK never leaves the token, not even wrapped.
     */
    String sunPkcs11Config(String name) {
        String where = slot.isPresent() ? "slot = " + slot.getAsLong() : "slotListIndex = " + slotListIndex.orElse(0);
        return "name = " + name + "\n"
                + "library = " + library.toAbsolutePath() + "\n"
                + where + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
                + "  CKA_ENCRYPT = true\n  CKA_DECRYPT = true\n}\n";
    }
}
