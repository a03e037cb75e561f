package org.sealpost.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.client.account.Account;
import org.sealpost.client.manage.DeviceAdmin;
import org.sealpost.client.service.DeviceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sealpost devices}: the address's devices; {@code devices revoke ID} removes one. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the devices of this address, removed ones included; '*' marks this device.",
                "A lost device is removed with 'sealpost devices revoke ID' from any other device of the address."},
        subcommands = DevicesRevokeCommand.class)
public final class DevicesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientHomeOption home;

    @Option(names = "--json", description = "Print {\"devices\": [...]} as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String address;
        List<DeviceInfo> devices;
        try (Account account = home.open()) {
            address = account.settings().address();
            devices = new DeviceAdmin(account).list();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            devices.forEach(d -> list.add(json(d)));
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("address", address);
            root.put("devices", list);
            out.println(JSON.writeValueAsString(root));
        } else {
            out.println("Devices of " + address + " ('*' = this device)");
            Columns table = new Columns().row(" ", "ID", "NAME", "LEVEL", "ENROLLED", "REMOVED");
            for (DeviceInfo d : devices) {
                table.row(d.current() ? "*" : " ", d.id(), d.name(), d.level(), seconds(d.enrolledAt()),
                        d.revokedAt().map(DevicesCommand::seconds).orElse("-"));
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One device in the JSON shape of {@code devices --json} (also printed by {@code devices revoke --json}). */
    static Map<String, Object> json(DeviceInfo d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("address", d.address());
        m.put("level", d.level());
        m.put("enrolledAt", d.enrolledAt().toString());
        m.put("revoked", d.revokedAt().isPresent());
        m.put("revokedAt", d.revokedAt().map(Instant::toString).orElse(null));
        m.put("current", d.current());
        return m;
    }

    static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
