package org.sealpost.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.core.testing.SharedFixtures;

/**
 * Conformance against the shared test vectors in ../shared/vectors (Thunderbird, RFC 4134, Bouncy
 * Castle, pyca/cryptography), read in place through {@link SharedFixtures#vectors()}: one case per
 * row of MANIFEST.md whose expected outcome is determined. Each case runs our engine and asserts the
 * outcome; where our result differs from the source project's on purpose, the case name says so
 * ("our policy", "deliberately", "for us") and the corpus class explains why. Rows whose outcome
 * the manifest leaves UNDETERMINED, and inputs that are not vectors, are listed as aborted cases
 * with the reason, and {@link #everyManifestRowHasACaseOrAReasonToSkipIt()} keeps the two lists
 * in step with the manifest.
 */
class VectorConformanceTest {

    static Stream<VectorCase> cases() {
        List<VectorCase> all = new ArrayList<>();
        all.addAll(ThunderbirdVectors.cases());
        all.addAll(Rfc4134Vectors.cases());
        all.addAll(BouncyCastleVectors.cases());
        all.addAll(PycaVectors.cases());
        return all.stream();
    }

    static Stream<VectorCase.Skipped> skipped() {
        List<VectorCase.Skipped> all = new ArrayList<>();
        all.addAll(ThunderbirdVectors.skipped());
        all.addAll(Rfc4134Vectors.skipped());
        all.addAll(BouncyCastleVectors.skipped());
        all.addAll(PycaVectors.skipped());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vector(VectorCase vectorCase) throws Exception {
        Vectors vectors = new Vectors(SharedFixtures.vectors());
        vectorCase.check().run(vectors, vectorCase.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skipped")
    void undetermined(VectorCase.Skipped row) {
        Assumptions.abort(row.reason());
    }

    @Test
    void everyManifestRowHasACaseOrAReasonToSkipIt() throws Exception {
        List<String> rows = manifestRows();
        List<String> covered = cases().map(VectorCase::path).toList();
        List<String> skippedRows = skipped().map(VectorCase.Skipped::path).toList();

        assertThat(covered).as("one case per row").doesNotHaveDuplicates();
        assertThat(skippedRows).doesNotHaveDuplicates().doesNotContainAnyElementsOf(covered);
        Set<String> accounted = new HashSet<>(covered);
        accounted.addAll(skippedRows);
        assertThat(accounted).as("rows with a case or a reason to skip").containsExactlyInAnyOrderElementsOf(rows);
    }

    /** The path column of MANIFEST.md's table. */
    private static List<String> manifestRows() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(SharedFixtures.vectors().resolve("MANIFEST.md"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("| ") || line.startsWith("| path ")) {
                continue;
            }
            rows.add(line.substring(2, line.indexOf(" |", 2)).trim());
        }
        assertThat(rows).as("manifest table rows").hasSizeGreaterThan(100).doesNotHaveDuplicates();
        return rows;
    }
}
