package org.sealpost.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealpost.validation.RateLimit;
import org.sealpost.validation.SmtpSecurity;
import org.sealpost.validation.SmtpSettings;
import org.sealpost.validation.ValidationSettings;

/** Reads the {@code mail.*} and {@code validation.*} keys: the relay for challenge mails and the challenge rules. */
final class MailConfig {
    private static final Pattern RATE = Pattern.compile("(\\d{1,6})\\s*/\\s*(\\S+)");

    private final ConfigLayers layers;

    MailConfig(ConfigLayers layers) {
        this.layers = layers;
    }

    /**
     * The relay.
     *
     * @param publicUrl the configured public URL, whose host names the default sender
     * @throws ConfigException naming the first key that cannot be used
     */
    MailRelaySettings relay(Optional<URI> publicUrl) {
        ConfigValue host = layers.getOrDefault(ConfigKeys.MAIL_RELAY_HOST);
        int port = layers.getOrDefault(ConfigKeys.MAIL_RELAY_PORT).asInt(1, 65535);
        SmtpSecurity security = layers.getOrDefault(ConfigKeys.MAIL_RELAY_SECURITY).asNamed(MailConfig::security,
                "none, starttls or tls");
        Optional<ConfigValue> username = layers.get(ConfigKeys.MAIL_RELAY_USERNAME);
        Optional<ConfigValue> passwordEnv = layers.get(ConfigKeys.MAIL_RELAY_PASSWORD_ENV);
        if (username.isPresent() && passwordEnv.isEmpty()) {
            throw username.get().invalid("a relay login needs " + ConfigKeys.MAIL_RELAY_PASSWORD_ENV
                    + " (the environment variable holding its password)");
        }
        if (passwordEnv.isPresent() && username.isEmpty()) {
            throw passwordEnv.get().invalid("a relay password needs " + ConfigKeys.MAIL_RELAY_USERNAME);
        }
        // Checked now, so that a missing password is reported before anything is opened.
        if (passwordEnv.isPresent() && !layers.environment().containsKey(passwordEnv.get().text())) {
            throw passwordEnv.get().invalid("environment variable " + passwordEnv.get().text() + " is not set");
        }
        Optional<ConfigValue> configuredSender = layers.get(ConfigKeys.MAIL_SENDER);
        String sender = configuredSender.map(ConfigValue::text)
                .orElseGet(() -> "sealpost@" + publicUrl.map(URI::getHost).orElse("localhost"));
        try {
            SmtpSettings.of(host.text(), port, security, sender);
        } catch (IllegalArgumentException e) {
            throw configuredSender.map(v -> v.invalid(e.getMessage())).orElseGet(() -> host.invalid(e.getMessage()));
        }
        return new MailRelaySettings(host.text(), port, security, username.map(ConfigValue::text),
                passwordEnv.map(ConfigValue::text), sender);
    }

    /**
     * The challenge rules.
     *
     * @throws ConfigException naming the first key that cannot be used
     */
    ValidationSettings validation() {
        Duration lifetime = layers.getOrDefault(ConfigKeys.VALIDATION_CHALLENGE_LIFETIME).asDuration();
        int wrong = layers.getOrDefault(ConfigKeys.VALIDATION_MAX_WRONG_ANSWERS).asInt(1, 100);
        return new ValidationSettings(lifetime, wrong, rate(ConfigKeys.VALIDATION_PER_ADDRESS),
                rate(ConfigKeys.VALIDATION_PER_CLIENT));
    }

    /** {@code <max>/<window>}, e.g. {@code 5/1h}. */
    private RateLimit rate(String key) {
        ConfigValue value = layers.getOrDefault(key);
        Matcher m = RATE.matcher(value.text());
        if (!m.matches()) {
            throw value.invalid("expected <count>/<window>, e.g. 5/1h");
        }
        int max = Integer.parseInt(m.group(1));
        if (max < 1) {
            throw value.invalid("the count must be at least 1");
        }
        Duration window = new ConfigValue(key, m.group(2), value.source(), value.baseDir()).asDuration();
        return new RateLimit(max, window);
    }

    private static SmtpSecurity security(String name) {
        return switch (name) {
            case "none" -> SmtpSecurity.NONE;
            case "starttls" -> SmtpSecurity.STARTTLS_REQUIRED;
            case "tls" -> SmtpSecurity.TLS;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
