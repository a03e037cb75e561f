package org.sealpost.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sealpost password}: the key-protection password of the address. */
@Command(name = "password", mixinStandardHelpOptions = true,
        description = "The key-protection password: once set, a device needs it to fetch the address's encryption keys.",
        subcommands = PasswordSetCommand.class)
public final class PasswordCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
