package org.sealpost.cli.bench;

import picocli.CommandLine.Command;

/** {@code sealpost bench}: performance measurements whose figures go into docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks.",
        subcommands = {SmimeBench.class, CaBench.class, KmsBench.class, DirectoryBench.class, EnrollBench.class, ClientBench.class})
public final class BenchCommand {
}
