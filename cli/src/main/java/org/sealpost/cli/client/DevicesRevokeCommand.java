package org.sealpost.cli.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.manage.DeviceAdmin;
import org.sealpost.client.service.ServiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost devices revoke ID}: removes a device of the address and revokes its certificate. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Remove a device of this address (a lost or retired one, or this one): its signing certificate is "
                + "revoked and the service refuses its next request. The address's encryption keys stay; other devices "
                + "keep working. Find the ID with 'sealpost devices'."})
public final class DevicesRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Parameters(index = "0", paramLabel = "ID", description = "The device's id, as 'sealpost devices' lists it.")
    String id;

    @Override
    public Integer call() throws Exception {
        // The service's ids; anything else cannot name a device, and is not sent.
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new CliException(ExitCodes.USAGE, "'" + printable(id) + "' is not a device id (see 'sealpost devices')");
        }
        try (Account account = home.open()) {
            DeviceAdmin.Removal removal;
            try {
                removal = new DeviceAdmin(account).remove(id);
            } catch (ServiceException e) {
                if (e.status() == 404) {
                    throw new CliException(ExitCodes.FAILED, "no device " + id + " among the devices of " + account.settings().address()
                            + " (see 'sealpost devices')");
                }
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            var d = removal.device();
            out.println("Removed device " + d.id() + " (" + d.name() + ") of " + account.settings().address() + " at "
                    + d.revokedAt().map(DevicesCommand::seconds).orElse("?") + "; its certificate is revoked and its requests are refused.");
            if (removal.self()) {
                out.println("That was this device: this home can no longer act for " + account.settings().address()
                        + ". Run 'sealpost enroll --force' to enroll it again.");
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static String printable(String s) {
        String shown = s.codePoints().limit(64).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.codePointCount(0, s.length()) > 64 ? shown + "..." : shown;
    }
}
