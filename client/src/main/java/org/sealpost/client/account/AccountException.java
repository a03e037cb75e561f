package org.sealpost.client.account;

import org.sealpost.client.service.ServiceException;

/** The account's settings are missing or unusable; the message is one line for the user. */
public final class AccountException extends Exception {
    private final boolean deviceRemoved;

    public AccountException(String message) {
        this(message, false);
    }

    private AccountException(String message, boolean deviceRemoved) {
        super(message);
        this.deviceRemoved = deviceRemoved;
    }

    /** This home's device was removed from the address; it must enroll again. */
    public static AccountException deviceRemoved() {
        return new AccountException(ServiceException.DEVICE_REMOVED, true);
    }

    /** True when this home's device was removed (not a settings problem: the device cannot act any more). */
    public boolean isDeviceRemoved() {
        return deviceRemoved;
    }
}
