package org.sealpost.cli.client;

import picocli.CommandLine.Command;

/** {@code sealpost account}: the mail account this client works with. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "The mail account of this client.",
        subcommands = AccountAddCommand.class)
public final class AccountCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
