package org.sealpost.cli.admin;

import picocli.CommandLine.Option;

/** {@code --operator NAME}: the operator account in whose name a command decides (a picocli mixin). */
final class OperatorOption {
    @Option(names = "--operator", paramLabel = "NAME", required = true,
            description = "Your operator account: decisions are audited in its name.")
    String name;
}
