package org.sealpost.ca.keys;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How to reach a PKCS#11 token (no secrets: the PIN is passed separately).
 *
 * <p>SunPKCS11 selects a token by slot id or by slot list index, not by label; SoftHSM prints the
 * slot id when it initialises a token ({@code softhsm2-util --show-slots} lists them).
 *
 * @param library       the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot          the slot id, or empty to use {@code slotListIndex}
 * @param slotListIndex index into the module's slot list; used when {@code slot} is empty (default 0)
 */
public record Pkcs11Settings(Path library, OptionalLong slot, OptionalInt slotListIndex) {
    public Pkcs11Settings {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(slotListIndex, "slotListIndex");
    }

    /** The token in slot {@code slotId} of {@code library}. */
    public static Pkcs11Settings slot(Path library, long slotId) {
        return new Pkcs11Settings(library, OptionalLong.of(slotId), OptionalInt.empty());
    }

    /**
     * The SunPKCS11 configuration. Generated private keys are token objects, sensitive and
     * non-extractable: the key material never leaves the token, not even wrapped.
     */
    String sunPkcs11Config(String name) {
        String where = slot.isPresent() ? "slot = " + slot.getAsLong() : "slotListIndex = " + slotListIndex.orElse(0);
        return "name = " + name + "\n"
                + "library = " + library.toAbsolutePath() + "\n"
                + where + "\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = true\n}\n";
    }
}
