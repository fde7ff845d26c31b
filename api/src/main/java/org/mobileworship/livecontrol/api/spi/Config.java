package org.mobileworship.livecontrol.api.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.mobileworship.livecontrol.api.ConfigurationException;

/**
 * Read-only view of the node's configuration. Plugins read their own keys under
 * {@code livecontrol.<plugin>.}. Typed getters reject an unparsable value with an {@link InvalidValueException}
 * (an {@link IllegalArgumentException}) naming the key, the value and the expected form; a plugin's own checks
 * throw the same through {@link #invalidValue}. At {@code build()} the runtime turns it into a
 * {@link ConfigurationException}.
 */
public interface Config {

    /** The raw value of {@code key}, after the runtime applied its precedence rules. */
    Optional<String> get(String key);

    default String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    default int getInt(String key, int defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.get().trim());
        } catch (NumberFormatException e) {
            throw invalid(key, raw.get(), "an integer");
        }
    }

    default long getLong(String key, long defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.get().trim());
        } catch (NumberFormatException e) {
            throw invalid(key, raw.get(), "an integer");
        }
    }

    default boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get().trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, v, "true or false");
    }

    /** Durations as {@code 250ms}, {@code 2s}, {@code 1m}, or ISO-8601 ({@code PT2S}). */
    default Duration getDuration(String key, Duration defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get().trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()) * 60);
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(key, v, "a duration such as 250ms, 2s, 1m or PT2S");
        }
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return invalidValue(key, value, expected);
    }

    /** The exception for a bad value of {@code key}: what plugins throw from their checks. */
    static InvalidValueException invalidValue(String key, String value, String expected) {
        return new InvalidValueException(key, value, expected);
    }

    /**
     * A value of one key is invalid. An {@link IllegalArgumentException} (what {@code Provider.validate} throws)
     * that keeps the key, the value and the expected form for the {@link ConfigurationException} of
     * {@code build()}.
     */
    final class InvalidValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String key;
        private final String value;
        private final String expected;

        public InvalidValueException(String key, String value, String expected) {
            super(ConfigurationException.message(key, value, expected));
            this.key = key;
            this.value = value;
            this.expected = expected;
        }

        public String key() {
            return key;
        }

        public String value() {
            return value;
        }

        public String expected() {
            return expected;
        }

        /** The {@code build()} failure for this value, naming {@code owner} (e.g. {@code "plugin 'webrtc'"}). */
        public ConfigurationException toConfigurationException(String owner) {
            return new ConfigurationException(owner, key, value, expected, this);
        }
    }
}
