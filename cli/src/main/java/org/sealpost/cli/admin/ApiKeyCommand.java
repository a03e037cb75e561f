package org.sealpost.cli.admin;

import picocli.CommandLine.Command;

/** {@code sealpost admin apikey}: business API keys of the directory (docs/DIRECTORY.md, "Business API keys"). */
@Command(name = "apikey", mixinStandardHelpOptions = true,
        description = "Business API keys of the directory: the largest look-up quota, for systems such as the gateway.",
        subcommands = {ApiKeyCreateCommand.class, ApiKeyListCommand.class, ApiKeyDisableCommand.class})
final class ApiKeyCommand {
}
