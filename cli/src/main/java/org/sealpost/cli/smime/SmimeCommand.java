package org.sealpost.cli.smime;

import picocli.CommandLine.Command;

/** {@code sealpost smime}: the S/MIME engine on files. */
@Command(name = "smime", mixinStandardHelpOptions = true,
        description = "Sign, encrypt, decrypt, verify and inspect S/MIME messages (.eml files).",
        subcommands = {SignCommand.class, EncryptCommand.class, DecryptCommand.class, VerifyCommand.class, InspectCommand.class,
                org.sealpost.cli.demo.DemoCommand.class})
public final class SmimeCommand {
}
