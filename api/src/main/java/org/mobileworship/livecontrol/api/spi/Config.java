package org.mobileworship.livecontrol.api.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Read-only view of the node's configuration. Plugins read their own keys under
 * {@code livecontrol.<plugin>.}. Typed getters reject an unparsable value with an
 * {@link IllegalArgumentException} naming the key, the value and the expected form.
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
        return new IllegalArgumentException(
                "invalid value '" + value + "' for config key " + key + ": expected " + expected);
    }
}
