package org.sealpost.client.manage;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.service.SealpostService;
import org.sealpost.client.service.ServiceException;

/**
 * The key-protection password (the owner's "enhanced protection", docs/KMS.md): once set, every
 * release of the address's encryption keys needs it, so a new device enrolls only with it. What
 * makes an acceptable new password is the client's business; the service checks 1 to 1024 characters.
 */
public final class KeyProtection {
    /** Shortest new password accepted: a password this short guards keys that decrypt all mail. */
    public static final int MIN_LENGTH = 8;
    /** Longest new password, the service's limit. */
    public static final int MAX_LENGTH = 1024;

    private final String address;
    private final SealpostService service;

    /**
     * @throws AccountException when the device is not enrolled or was removed
     */
    public KeyProtection(Account account) throws AccountException {
        this.address = account.settings().address();
        this.service = account.deviceService();
    }

    /** What is wrong with {@code password} as a new key-protection password, or empty when it is acceptable. */
    public static Optional<String> problem(char[] password) {
        if (password.length < MIN_LENGTH) {
            return Optional.of("a key-protection password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length > MAX_LENGTH) {
            return Optional.of("a key-protection password has at most " + MAX_LENGTH + " characters");
        }
        for (char c : password) {
            if (Character.isISOControl(c)) {
                return Optional.of("a key-protection password cannot contain control characters");
            }
        }
        return Optional.empty();
    }

    /** {@code GET /v1/keys/password}: whether the address has a password. */
    public boolean isProtected() throws ServiceException {
        return service.passwordProtected();
    }

    /**
     * Sets the password ({@code current} empty) or changes it.
     *
     * @throws IllegalArgumentException when {@code password} is not acceptable ({@link #problem(char[])})
     * @throws KeyPasswordException     when the service refuses for a password reason
     * @throws ServiceException         for anything else (unreachable, device removed, ...)
     */
    public void set(char[] password, Optional<char[]> current) throws KeyPasswordException, ServiceException {
        Optional<String> problem = problem(password);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        try {
            service.setPassword(password, current);
        } catch (ServiceException e) {
            throw refusal(e).orElseThrow(() -> e);
        }
    }

    private Optional<KeyPasswordException> refusal(ServiceException e) {
        return Optional.ofNullable(switch (e.code()) {
            case "wrong_password" -> {
                OptionalInt left = e.remainingTries();
                String tries = left.isEmpty() ? "" : ": " + left.getAsInt() + (left.getAsInt() == 1 ? " try" : " tries") + " left before the keys lock";
                yield new KeyPasswordException(KeyPasswordException.Reason.WRONG_CURRENT,
                        "wrong current key-protection password for " + address + tries, left, Optional.empty());
            }
            case "locked_out" -> {
                // The body says until when; a Retry-After alone still gives the time.
                Optional<Instant> until = e.lockedUntil().or(() -> e.retryAfter().map(d -> Instant.now().plus(d)));
                yield new KeyPasswordException(KeyPasswordException.Reason.LOCKED_OUT, "the keys of " + address
                        + " are locked after too many wrong key-protection passwords" + until.map(t -> " until " + t).orElse("")
                        + "; try again then", OptionalInt.empty(), until);
            }
            case "password_required" -> new KeyPasswordException(KeyPasswordException.Reason.CURRENT_REQUIRED,
                    "the keys of " + address + " have a key-protection password already: give the current one to change it",
                    OptionalInt.empty(), Optional.empty());
            case "not_protected" -> new KeyPasswordException(KeyPasswordException.Reason.NOT_PROTECTED,
                    "the keys of " + address + " have no key-protection password (any more): set one without the current one",
                    OptionalInt.empty(), Optional.empty());
            default -> null;
        });
    }
}
