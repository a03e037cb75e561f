package org.sealpost.cli.smime;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.cli.CliException;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.sign.DigestAlgorithm;
import org.sealpost.core.smime.sign.HttpTimestampClient;
import org.sealpost.core.smime.sign.SignOptions;
import org.sealpost.core.smime.sign.SignatureForm;
import org.sealpost.core.smime.sign.SmimeSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a message: multipart/signed by default, or opaque signed-data. Two signers make a dual signature.")
final class SignCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Message to sign (.eml).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the signed message.")
    Path out;

    @Option(names = "--signer-cert", paramLabel = "PEM", description = "Signer certificate (chain may follow); repeat for a second signer.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--signer-key", paramLabel = "PEM", description = "Signer private key (PEM or DER); one per --signer-cert.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--p12", paramLabel = "FILE", description = "PKCS#12 file with a signer key and certificate, instead of --signer-key/--signer-cert.")
    List<Path> p12 = new ArrayList<>();

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the PKCS#12 password.")
    String passwordEnv;

    @Option(names = "--key-password-env", paramLabel = "VAR", description = "Environment variable holding the password of encrypted PEM keys.")
    String keyPasswordEnv;

    @Option(names = "--opaque", description = "Write application/pkcs7-mime signed-data instead of multipart/signed.")
    boolean opaque;

    @Option(names = "--tsa-url", paramLabel = "URL", description = "RFC 3161 timestamp authority: adds a timestamp over each signature.")
    URI tsaUrl;

    @Option(names = "--digest", paramLabel = "ALG", defaultValue = "sha256", description = "sha256 (default), sha384 or sha512.")
    String digest;

    @Option(names = "--encryption-cert", paramLabel = "PEM", description = "The sender's encryption certificate to advertise and include.")
    Path encryptionCert;

    @Override
    public Integer call() throws Exception {
        List<Identity> signers = KeySelection.load(keys, certs, p12, passwordEnv, keyPasswordEnv, "--signer-key", "--signer-cert");
        if (signers.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "give a signer: --signer-cert C.pem --signer-key K.pem, or --p12 F --password-env VAR");
        }
        if (signers.size() > 2) {
            throw new CliException(ExitCodes.USAGE, "at most two signers are supported, got " + signers.size());
        }
        if (tsaUrl != null && (tsaUrl.getHost() == null || !List.of("http", "https").contains(
                String.valueOf(tsaUrl.getScheme()).toLowerCase(java.util.Locale.ROOT)))) {
            throw new CliException(ExitCodes.USAGE, "--tsa-url must be an http:// or https:// URL, not '" + tsaUrl + "'");
        }
        DigestAlgorithm alg = switch (digest.toLowerCase(java.util.Locale.ROOT).replace("-", "")) {
            case "sha256" -> DigestAlgorithm.SHA256;
            case "sha384" -> DigestAlgorithm.SHA384;
            case "sha512" -> DigestAlgorithm.SHA512;
            default -> throw new CliException(ExitCodes.USAGE, "unknown digest '" + digest + "' (sha256, sha384 or sha512)");
        };
        SignOptions options = new SignOptions(signers, opaque ? SignatureForm.OPAQUE : SignatureForm.DETACHED, alg,
                Optional.ofNullable(tsaUrl).map(HttpTimestampClient::create), Optional.empty());
        if (encryptionCert != null) {
            options = options.withEncryptionCertificate(KeyMaterial.readCertificate(encryptionCert));
        }
        try (OutputFile file = OutputFile.create(out)) {
            new SmimeSigner().sign(MessageSource.of(in), file.stream(), options);
            file.commit();
        }
        return ExitCodes.OK;
    }
}
