package org.sealpost.cli.admin;

import picocli.CommandLine.Command;

/** {@code sealpost admin identity}: the operator's review of V2 requests (docs/IDENTITY-LEVELS.md). */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = {"Review identity requests (V2: a person's name and place).",
                "Approved requests are issued by the server when the device next asks."},
        subcommands = {IdentityListCommand.class, IdentityApproveCommand.class, IdentityRejectCommand.class})
final class IdentityCommand {
}
