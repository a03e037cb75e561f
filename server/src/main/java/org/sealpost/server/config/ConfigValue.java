package org.sealpost.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration value and where it came from, with the parsers that turn it into a typed value
 * or a {@link ConfigException} naming the key, the value and its source.
 *
 * @param key     the configuration key
 * @param text    the value, stripped
 * @param source  where it came from, for messages: {@code in FILE}, {@code from environment variable X},
 *                {@code on the command line}, {@code default}
 * @param baseDir the directory relative paths are resolved against (the configuration file's), when
 *                the value came from a file
 */
public record ConfigValue(String key, String text, String source, Optional<Path> baseDir) {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(|b|k|kb|kib|m|mb|mib)");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h|d)");

    /** A value set by default. */
    static ConfigValue ofDefault(String key, String text) {
        return new ConfigValue(key, text, "default", Optional.empty());
    }

    /** The failure of this value: {@code key = 'text' (source): problem}. */
    public ConfigException invalid(String problem) {
        return new ConfigException(key + " = '" + text + "' (" + source + "): " + problem);
    }

    /** One of a fixed set of names, read by {@code parser} (which throws IllegalArgumentException for others). */
    <T> T asNamed(Function<String, T> parser, String choices) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid("use " + choices);
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    int asInt(int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("not a whole number");
        }
        if (value < min || value > max) {
            throw invalid("must be " + min + " to " + max);
        }
        return value;
    }

    /**
     * A size in bytes from {@code min} to {@code max}: {@code 65536}, {@code 64KiB} (or {@code 64k}),
     * {@code 1MiB} (or {@code 1m}); units are binary.
     */
    long asSize(long min, long max) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid("not a size (e.g. 65536, 64KiB, 1MiB)");
        }
        long value = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            default -> 1L;
        };
        if (value < min || value > max) {
            throw invalid("must be " + min + " to " + max + " bytes");
        }
        return value;
    }

    /** {@code true} or {@code false}. */
    boolean asBoolean() {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("use true or false");
        };
    }

    /** A positive duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    Duration asDuration() {
        Duration d;
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid("not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw invalid("must be longer than zero");
        }
        return d;
    }

    /** An absolute http:// or https:// URL. */
    URI asHttpUrl() {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalid("expected http://host:port/ or https://host:port/");
        }
        return uri;
    }

    /** A path; relative ones are taken from the configuration file's directory (or the working directory). */
    Path asPath() {
        try {
            Path p = Path.of(text);
            return baseDir.map(dir -> dir.resolve(p)).orElse(p).normalize();
        } catch (InvalidPathException e) {
            throw invalid("not a file name");
        }
    }
}
