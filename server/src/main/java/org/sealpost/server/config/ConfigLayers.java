package org.sealpost.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The raw configuration: a properties file, overridden by environment variables
 * ({@link ConfigKeys#environmentVariable}), overridden by command-line flags. A blank value counts
 * as not set.
 */
final class ConfigLayers {
    private final Optional<Path> file;
    private final Map<String, String> fileValues;
    private final Map<String, String> environment;
    private final Map<String, String> flags;

    private ConfigLayers(Optional<Path> file, Map<String, String> fileValues, Map<String, String> environment,
            Map<String, String> flags) {
        this.file = file;
        this.fileValues = fileValues;
        this.environment = Map.copyOf(environment);
        this.flags = Map.copyOf(flags);
    }

    /**
     * Reads {@code file} (when given) and layers the rest over it.
     *
     * @throws ConfigException when the file cannot be read
     */
    static ConfigLayers read(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file.isPresent()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (NoSuchFileException e) {
                throw new ConfigException(file.get() + ": no such configuration file");
            } catch (MalformedInputException e) {
                throw new ConfigException(file.get() + ": not a UTF-8 text file");
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read the configuration file " + file.get() + ": " + e.getMessage());
            }
            p.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, p.getProperty(k)));
        }
        return new ConfigLayers(file.map(f -> f.toAbsolutePath().normalize()), values, environment, flags);
    }

    /** The value of {@code key}: from the command line, else the environment, else the file; empty when none sets it. */
    Optional<ConfigValue> get(String key) {
        String flag = flags.get(key);
        if (set(flag)) {
            return Optional.of(new ConfigValue(key, flag.strip(), "on the command line", Optional.empty()));
        }
        String variable = ConfigKeys.environmentVariable(key);
        String env = environment.get(variable);
        if (set(env)) {
            return Optional.of(new ConfigValue(key, env.strip(), "from environment variable " + variable, Optional.empty()));
        }
        String inFile = fileValues.get(key);
        if (set(inFile)) {
            return Optional.of(new ConfigValue(key, inFile.strip(), "in " + file.orElseThrow(), file.get().getParent() == null
                    ? Optional.empty() : Optional.of(file.get().getParent())));
        }
        return Optional.empty();
    }

    /** The value of {@code key}, or its default from {@link ConfigKeys#DEFAULTS}. */
    ConfigValue getOrDefault(String key) {
        return get(key).orElseGet(() -> ConfigValue.ofDefault(key, ConfigKeys.DEFAULTS.get(key)));
    }

    /** The keys the file sets. */
    Collection<String> fileKeys() {
        return fileValues.keySet();
    }

    /** The file read, if any. */
    Optional<Path> file() {
        return file;
    }

    /** The environment the overrides came from (also where password variables are looked up). */
    Map<String, String> environment() {
        return environment;
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
