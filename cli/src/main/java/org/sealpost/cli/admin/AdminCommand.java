package org.sealpost.cli.admin;

import picocli.CommandLine.Command;

/** {@code sealpost admin}: operator and officer tasks on the service's database. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Operator and officer tasks on the service's database.",
        subcommands = {AccountCommand.class, ApiKeyCommand.class, IdentityCommand.class, OrgCommand.class, ExternalImportCommand.class,
                RecoveryCommand.class})
public final class AdminCommand {
}
