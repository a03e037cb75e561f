package org.sealpost.cli.smime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.decrypt.SmimeDecryptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt a message with any of the keys given (a key history: old keys still open old mail).")
final class DecryptCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Encrypted message (.eml).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the decrypted message.")
    Path out;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key; repeat with --cert for each key of the history.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--cert", paramLabel = "PEM", description = "Certificate of the --key at the same position.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--p12", paramLabel = "FILE", description = "PKCS#12 file; every key in it joins the history.")
    List<Path> p12 = new ArrayList<>();

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the PKCS#12 password.")
    String passwordEnv;

    @Option(names = "--key-password-env", paramLabel = "VAR", description = "Environment variable holding the password of encrypted PEM keys.")
    String keyPasswordEnv;

    @Override
    public Integer call() throws Exception {
        List<Identity> history = KeySelection.load(keys, certs, p12, passwordEnv, keyPasswordEnv, "--key", "--cert");
        if (history.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "give a key: --key K.pem --cert C.pem, or --p12 F --password-env VAR");
        }
        try (OutputFile file = OutputFile.create(out)) {
            new SmimeDecryptor().decrypt(MessageSource.of(in), file.stream(), new KeyHistory(history));
            file.commit();
        }
        return ExitCodes.OK;
    }
}
