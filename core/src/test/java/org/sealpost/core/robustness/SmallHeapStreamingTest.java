package org.sealpost.core.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine streams: a ~100 MB message is signed, encrypted, decrypted and verified in a JVM whose
 * heap is 128 MiB, for both signature forms and both content ciphers, and tiny messages with absurd
 * ASN.1 lengths are refused there without running out of memory. Each case runs
 * {@link SmallHeapWorkload} in a child JVM on this test's class path, with its temporary files
 * (including the engine's own spill files) in a directory that is checked empty and deleted after.
 * Set {@code -Dsealpost.streaming.mb=N} to change the message size.
 */
class SmallHeapStreamingTest {
    private static final String HEAP = "-Xmx128m";
    private static final int MEGABYTES = Integer.getInteger("sealpost.streaming.mb", 100);

    @ParameterizedTest(name = "{0} signature, {1}")
    @CsvSource({"DETACHED, AES256_CBC", "OPAQUE, AES256_GCM"})
    void largeMessagePassesThroughASmallHeap(String form, String cipher, @TempDir Path dir) throws Exception {
        runChild(dir, "pipeline", dir.toString(), Integer.toString(MEGABYTES), form, cipher);
    }

    @Test
    void absurdAsn1LengthsAreRefusedWithoutExhaustingTheHeap(@TempDir Path dir) throws Exception {
        runChild(dir, "hostile", dir.toString());
    }

    private static void runChild(Path dir, String... args) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                SmallHeapWorkload.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("[" + String.join(" ", args) + "]\n" + output);
        assertThat(finished).as("child finished within 5 minutes").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("OK max-heap=");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("temporary files left by the engine").isEmpty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).toList())
                    .as("work files deleted by the workload").isEmpty();
        }
    }
}
