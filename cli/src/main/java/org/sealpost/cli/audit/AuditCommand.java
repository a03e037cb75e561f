package org.sealpost.cli.audit;

import picocli.CommandLine.Command;

/** {@code sealpost audit}: the hash-chained audit log, for operators. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check and read the hash-chained audit log.",
        subcommands = {AuditVerifyCommand.class, AuditTailCommand.class})
public final class AuditCommand {
}
