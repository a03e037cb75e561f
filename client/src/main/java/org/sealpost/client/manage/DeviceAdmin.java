package org.sealpost.client.manage;

import java.util.List;
import java.util.Objects;
import org.sealpost.client.account.Account;
import org.sealpost.client.account.AccountException;
import org.sealpost.client.service.DeviceInfo;
import org.sealpost.client.service.ServiceException;

/**
 * The address's devices as the service knows them, and their removal: a lost device is removed from
 * any other device of the address; a device that removes itself marks its home, so that it says so
 * from then on instead of acting.
 */
public final class DeviceAdmin {
    private final Account account;

    public DeviceAdmin(Account account) {
        this.account = Objects.requireNonNull(account, "account");
    }

    /** A removal done. {@code self} when the device removed was this one: this home can no longer act. */
    public record Removal(DeviceInfo device, boolean self) {
    }

    /**
     * {@code GET /v1/devices}: every device of the address, removed ones included, oldest first;
     * {@link DeviceInfo#current()} marks this one.
     */
    public List<DeviceInfo> list() throws AccountException, ServiceException {
        return account.deviceService().devices();
    }

    /**
     * Removes device {@code id} of the address and revokes its certificate; its next request is
     * refused. Removing this device marks the home ({@link Account#markDeviceRemoved(String)}).
     *
     * @throws ServiceException e.g. {@code 404 not_found} for an id that is no device of the address
     */
    public Removal remove(String id) throws AccountException, ServiceException {
        String self = account.device().id();
        DeviceInfo removed = account.deviceService().revokeDevice(id);
        boolean isSelf = self.equals(removed.id());
        if (isSelf) {
            account.markDeviceRemoved(self);
        }
        return new Removal(removed, isSelf);
    }
}
