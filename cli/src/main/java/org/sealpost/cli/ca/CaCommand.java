package org.sealpost.cli.ca;

import picocli.CommandLine.Command;

/** {@code sealpost ca}: operator commands of the certificate authority. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Operate the certificate authority: create it, issue, revoke, publish CRLs.",
        subcommands = {CaInitCommand.class, CaIssueCommand.class, CaRevokeCommand.class, CaCrlCommand.class,
                CaShowCommand.class})
public final class CaCommand {
}
