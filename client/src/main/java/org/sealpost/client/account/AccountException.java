package org.sealpost.client.account;

/** The account's settings are missing or unusable; the message is one line for the user. */
public final class AccountException extends Exception {
    public AccountException(String message) {
        super(message);
    }
}
