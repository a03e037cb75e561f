package org.sealpost.cli.admin;

import picocli.CommandLine.Command;

/** {@code sealpost admin account}: admin accounts of the admin API (docs/IDENTITY-LEVELS.md, "Roles"). */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Admin accounts of the admin API: operators and organization admins.",
        subcommands = {AccountCreateCommand.class, AccountListCommand.class, AccountDisableCommand.class})
final class AccountCommand {
}
