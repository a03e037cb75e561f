package org.sealpost.cli.smime;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import org.sealpost.core.keys.Identity;
import org.sealpost.core.keys.KeyMaterial;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.decrypt.KeyHistory;
import org.sealpost.core.smime.verify.Layer;
import org.sealpost.core.smime.verify.SignerResult;
import org.sealpost.core.smime.verify.SmimeVerifier;
import org.sealpost.core.smime.verify.VerificationReport;
import org.sealpost.core.smime.verify.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify every signature layer of a message. Exit 0 only when at least one signature was found",
                "and every signer is valid and trusted; 1 otherwise, with the reason on stderr."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Signed message (.eml).")
    Path in;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust anchor certificate(s); repeat for more.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--untrusted", paramLabel = "PEM", description = "Extra intermediate certificates to build paths with.")
    List<Path> untrusted = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "FILE", description = "CRL(s) to check revocation against.")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the innermost content (with the outer headers) here; only when verification succeeds.")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--part", paramLabel = "SECTION",
            description = "Verify only this body part (IMAP section number, e.g. 1 or 2.1), such as a signed part a mailing list wrapped with a footer.")
    String part;

    @Option(names = "--allow-sha1", description = "Accept SHA-1 signatures (old archives). MD5 is never accepted.")
    boolean allowSha1;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key to open encrypted layers; pair with --cert.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--cert", paramLabel = "PEM", description = "Certificate of the --key at the same position.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--p12", paramLabel = "FILE", description = "PKCS#12 file with keys to open encrypted layers.")
    List<Path> p12 = new ArrayList<>();

    @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the PKCS#12 password.")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path p : trust) {
            anchors.addAll(KeyMaterial.readCertificates(p));
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path p : untrusted) {
            intermediates.addAll(KeyMaterial.readCertificates(p));
        }
        List<X509CRL> crlList = new ArrayList<>();
        for (Path p : crls) {
            crlList.addAll(KeyMaterial.readCrls(p));
        }
        List<Identity> history = KeySelection.load(keys, certs, p12, passwordEnv, null, "--key", "--cert");
        VerifyOptions options = new VerifyOptions(anchors, intermediates, crlList, new KeyHistory(history), allowSha1,
                Clock.systemUTC());
        VerificationReport report;
        if (out != null) {
            try (OutputFile file = OutputFile.create(out)) {
                report = verify(options, file.stream());
                // Content whose signature failed must not look like verified content: no file at all.
                if (report.valid()) {
                    file.commit();
                }
            }
        } else {
            report = verify(options, null);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(JsonReports.verification(report));
        } else {
            printHuman(report, stdout);
        }
        stdout.flush();
        if (!report.valid()) {
            spec.commandLine().getErr().println("sealpost: verification failed: " + report.reason().replaceAll("[\\r\\n]+", " "));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private VerificationReport verify(VerifyOptions options, java.io.OutputStream content) throws Exception {
        SmimeVerifier verifier = new SmimeVerifier();
        return part == null
                ? verifier.verify(MessageSource.of(in), options, content)
                : verifier.verifyPart(MessageSource.of(in), part, options, content);
    }

    private static void printHuman(VerificationReport report, PrintWriter out) {
        out.println(report.valid() ? "Verification OK" : "Verification FAILED: " + report.reason());
        int n = 1;
        for (Layer layer : report.layers()) {
            switch (layer) {
                case Layer.Encrypted e -> out.println("layer " + n + ": encrypted (" + e.contentCipher() + "), "
                        + (e.decrypted() ? "decrypted" : "not decrypted") + ": " + e.note());
                case Layer.Signed s -> {
                    out.println("layer " + n + ": signed (" + s.form().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            + s.problem().map(p -> ": " + p).orElse(""));
                    for (SignerResult r : s.signers()) {
                        out.println("  signer " + r.email().orElse("(no address)") + " [" + r.subject() + "]");
                        out.println("    valid=" + r.valid() + " trusted=" + r.trusted() + " digest=" + r.digestAlgorithm()
                                + r.signingTime().map(t -> " signed=" + t).orElse("")
                                + r.timestamp().map(t -> " timestamp=" + t.time() + (t.valid() ? "" : " (invalid)")).orElse(""));
                        out.println("    " + r.reason());
                        r.warnings().forEach(w -> out.println("    warning: " + w));
                    }
                }
            }
            n++;
        }
    }
}
