package org.sealpost.server.admin;

import java.util.Objects;

/**
 * A new account and its API token, which is shown this once and never stored.
 *
 * @param account the account
 * @param token   the bearer token for the admin API; kept out of {@link #toString()}
 */
public record CreatedAccount(AdminAccount account, String token) {
    public CreatedAccount {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "CreatedAccount[" + account + ", token=(redacted)]";
    }
}
