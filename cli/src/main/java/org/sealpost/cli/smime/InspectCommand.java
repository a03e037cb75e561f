package org.sealpost.cli.smime;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sealpost.cli.ExitCodes;
import org.sealpost.core.mime.MessageSource;
import org.sealpost.core.smime.inspect.Inspection;
import org.sealpost.core.smime.inspect.SmimeInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the S/MIME structure of a message (layers, signers, recipients, algorithms) without keys.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Message (.eml).")
    Path in;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Inspection inspection = new SmimeInspector().inspect(MessageSource.of(in));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonReports.inspection(inspection));
        } else {
            out.println("content-type: " + inspection.outerContentType());
            int n = 1;
            for (Inspection.Part part : inspection.layers()) {
                switch (part) {
                    case Inspection.Signed s -> {
                        out.println("layer " + n + ": signed (" + s.form() + "), content " + (s.contentIncluded() ? "included" : "detached")
                                + ", " + s.certificates() + " certificate(s)");
                        for (Inspection.Signer signer : s.signers()) {
                            out.println("  signer " + signer.subject().orElse(signer.id()) + " digest=" + signer.digestAlgorithm()
                                    + " signature=" + signer.signatureAlgorithm()
                                    + signer.signingTime().map(t -> " signed=" + t).orElse("")
                                    + (signer.timestamped() ? " timestamped" : ""));
                        }
                    }
                    case Inspection.Enveloped e -> {
                        out.println("layer " + n + ": " + e.cmsType() + " (" + e.contentCipher() + "), "
                                + e.recipients().size() + " recipient(s)");
                        for (Inspection.RecipientEntry r : e.recipients()) {
                            out.println("  recipient " + r.kind() + " " + r.keyEncryptionAlgorithm() + " " + r.id());
                        }
                    }
                }
                n++;
            }
            inspection.innerContentType().ifPresent(t -> out.println("inner content-type: " + t));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
