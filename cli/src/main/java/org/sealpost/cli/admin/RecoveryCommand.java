package org.sealpost.cli.admin;

import picocli.CommandLine.Command;

/** {@code sealpost admin recovery}: legal-hold recovery (docs/KMS.md, "Legal hold"). */
@Command(name = "recovery", mixinStandardHelpOptions = true,
        description = "Legal-hold recovery of an address's keys, approved by recovery officers.",
        subcommands = {RecoveryStatementCommand.class})
final class RecoveryCommand {
}
