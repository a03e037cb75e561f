package org.sealpost.cli.ca;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sealpost.ca.issue.Csr;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.ca.issue.IssuedCertificate;
import org.sealpost.ca.issue.SubjectAttributes;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.profile.SubjectAttribute;
import org.sealpost.cli.CliException;
import org.sealpost.cli.DatabaseOptions;
import org.sealpost.cli.ExitCodes;
import org.sealpost.cli.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost ca issue}: signs a CSR under a profile, records it, and writes the certificate. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a certificate for a PKCS#10 CSR (its signature is checked: proof of possession).",
                "The certificate is linted before it is signed, recorded with an audit entry, and written as PEM."})
final class CaIssueCommand implements Callable<Integer> {
    /** The largest CSR accepted; real ones are a few KB. */
    private static final long MAX_CSR_BYTES = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    CaPasswordOption caPassword;

    @Option(names = "--profile", paramLabel = "NAME", required = true,
            description = "encryption, signing-v1, signing-v2, signing-v3, signing-v4 (issued by the issuing CA) "
                    + "or timestamping (issued by the root CA).")
    String profile;

    @Option(names = "--csr", paramLabel = "FILE", required = true, description = "The CSR, PEM or DER.")
    Path csr;

    @Option(names = "--email", paramLabel = "ADDRESS",
            description = "Mailbox address to certify (repeatable; default: the addresses in the CSR).")
    List<String> emails = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the certificate (PEM).")
    Path out;

    @Option(names = "--common-name", paramLabel = "NAME",
            description = "Validated commonName (timestamping: default \"<CA organization> Timestamping\"; other "
                    + "profiles derive it from the mailbox, name or organization).")
    String commonName;

    @Option(names = "--given-name", paramLabel = "NAME", description = "Validated givenName (signing-v2, signing-v4).")
    String givenName;

    @Option(names = "--surname", paramLabel = "NAME", description = "Validated surname (signing-v2, signing-v4).")
    String surname;

    @Option(names = "--organization", paramLabel = "NAME", description = "Validated organizationName (signing-v3, signing-v4).")
    String organization;

    @Option(names = "--title", paramLabel = "TITLE", description = "Validated title (signing-v4).")
    String title;

    @Option(names = "--locality", paramLabel = "NAME", description = "Validated localityName.")
    String locality;

    @Option(names = "--country", paramLabel = "CC", description = "Validated ISO 3166 country code.")
    String country;

    @Option(names = "--days", paramLabel = "N",
            description = "Lifetime in days (default: the profile's; never past the CA's own expiry).")
    Integer days;

    @Option(names = "--cabf-strict", description = "Cap the lifetime at 825 days for this certificate (the CA-wide setting is policy.cabf-strict in DIR/ca/ca.properties).")
    boolean cabfStrict;

    @Override
    public Integer call() throws Exception {
        CaContext.requireOutsideData(out, database.dataDir());
        if (Files.size(csr) > MAX_CSR_BYTES) {
            throw new CliException(ExitCodes.USAGE, csr + ": too large for a CSR");
        }
        IssuanceRequest request = IssuanceRequest.fromCsr(Csr.parse(Files.readAllBytes(csr)), profile)
                .withSubject(subject());
        if (!emails.isEmpty()) {
            request = request.withEmails(emails);
        } else if (Profiles.TIMESTAMPING.equals(profile)) {
            // A TSA's CSR may carry an address; a timestamping certificate names none.
            request = request.withEmails(List.of());
        }
        if (days != null) {
            if (days < 1) {
                throw new CliException(ExitCodes.USAGE, "--days must be at least 1");
            }
            Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // The period counts both ends, as the profiles' lifetimes do: N days end one second early.
            request = request.withValidity(from, from.plus(Duration.ofDays(days)).minusSeconds(1));
        }
        IssuedCertificate issued;
        // The output is prepared first: a certificate is only issued (and recorded) when it can be written.
        try (OutputFile file = OutputFile.create(out)) {
            try (CaContext ca = CaContext.open(database, caPassword, cabfStrict)) {
                if (Profiles.TIMESTAMPING.equals(profile) && commonName == null) {
                    request = request.withSubject(subject().with(SubjectAttribute.COMMON_NAME, ca.defaultTimestampingName()));
                }
                issued = ca.issuance(profile).issue(request, "operator:cli");
            }
            file.stream().write(issued.pem().getBytes(StandardCharsets.US_ASCII));
            file.commit();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        // A timestamping certificate names no mailbox: its subject says whom it is for.
        String subject = request.emails().isEmpty() ? issued.certificate().getSubjectX500Principal().getName()
                : String.join(", ", request.emails());
        stdout.println("issued " + issued.profile() + " certificate " + issued.serial().toString(16) + " for "
                + subject + ", valid until "
                + issued.certificate().getNotAfter().toInstant() + ": " + out);
        stdout.flush();
        return ExitCodes.OK;
    }

    private SubjectAttributes subject() {
        SubjectAttributes attributes = SubjectAttributes.none();
        attributes = with(attributes, SubjectAttribute.COMMON_NAME, commonName);
        attributes = with(attributes, SubjectAttribute.GIVEN_NAME, givenName);
        attributes = with(attributes, SubjectAttribute.SURNAME, surname);
        attributes = with(attributes, SubjectAttribute.ORGANIZATION, organization);
        attributes = with(attributes, SubjectAttribute.TITLE, title);
        attributes = with(attributes, SubjectAttribute.LOCALITY, locality);
        return with(attributes, SubjectAttribute.COUNTRY, country);
    }

    private static SubjectAttributes with(SubjectAttributes attributes, SubjectAttribute attribute, String value) {
        return Optional.ofNullable(value).map(v -> attributes.with(attribute, v)).orElse(attributes);
    }
}
