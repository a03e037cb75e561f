package org.sealpost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sealpost.cli.CliFixture.Result;

/**
 * Runs {@code sealpost} as its own process, for what the in-process runs cannot vary: the
 * environment (the key-protection password variables are read from the real environment) and a
 * standard input that is not a terminal. Same classpath as the tests, standard input empty.
 */
final class CliProcess {
    private CliProcess() {
    }

    /**
     * Runs {@code words} with {@code user}'s home and passphrase variable, plus {@code args}, in an
     * environment that is the test's, changed by {@code env} (a null value removes the variable).
     */
    static Result run(ClientWorld.User user, Map<String, String> env, String words, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Arrays.asList(words.split(" ")));
        command.addAll(List.of("--home", user.home.toString(), "--passphrase-env", ClientWorld.PASSPHRASE_ENV));
        Arrays.stream(args).map(Object::toString).forEach(command::add);
        ProcessBuilder builder = new ProcessBuilder(command);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Path out = Files.createTempFile("sealpost-out", ".txt");
        Path err = Files.createTempFile("sealpost-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sealpost " + words + " did not end within 180 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
