package org.sealpost.cli.smime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.encrypt.ContentCipher;
import org.sealpost.core.smime.encrypt.EncryptOptions;
import org.sealpost.core.smime.encrypt.KeyTransport;
import org.sealpost.core.smime.encrypt.Recipient;
import org.sealpost.core.smime.encrypt.SmimeEncryptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt a message to one or more recipients (RSA or EC P-256/P-384).")
final class EncryptCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Message to encrypt (.eml).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the encrypted message.")
    Path out;

    @Option(names = "--recipient", paramLabel = "PEM", description = "Recipient certificate; repeat for more. Add your own to keep a readable copy.")
    List<Path> recipients = new ArrayList<>();

    @Option(names = "--recipient-key", paramLabel = "PEM", description = "Recipient given only as a public key, identified by its SubjectKeyIdentifier.")
    List<Path> recipientKeys = new ArrayList<>();

    @Option(names = "--cipher", paramLabel = "NAME", description = "aes256-gcm or aes256-cbc. Default: GCM when every recipient is known to read it, else CBC.")
    String cipher;

    @Option(names = "--key-transport", paramLabel = "NAME", description = "oaep or pkcs1 for RSA recipients. Default: OAEP where known to be read, else PKCS#1 v1.5.")
    String keyTransport;

    @Override
    public Integer call() throws Exception {
        List<Recipient> list = new ArrayList<>();
        for (Path p : recipients) {
            list.add(Recipient.of(KeyMaterial.readCertificate(p)));
        }
        for (Path p : recipientKeys) {
            list.add(Recipient.of(KeyMaterial.readPublicKey(p)));
        }
        if (list.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "give at least one --recipient");
        }
        EncryptOptions options = new EncryptOptions(list,
                Optional.ofNullable(cipher).map(ContentCipher::fromCliName),
                Optional.ofNullable(keyTransport).map(KeyTransport::fromCliName));
        try (OutputFile file = OutputFile.create(out)) {
            new SmimeEncryptor().encrypt(MessageSource.of(in), file.stream(), options);
            file.commit();
        }
        return ExitCodes.OK;
    }
}
