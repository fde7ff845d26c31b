package org.mobileworship.livecontrol.api;

import java.util.Optional;

/**
 * A configuration value is invalid: what {@code build()} throws, before anything starts, for a bad value of the
 * runtime's keys or of a plugin's own keys. Names the key, the value and the expected form; the message reads
 * {@code invalid value 'V' for config key K: expected E}, prefixed with the plugin that refused it.
 */
public class ConfigurationException extends LiveControlException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String expected;

    /**
     * @param key      the config key, e.g. {@code livecontrol.webrtc.channel-label}
     * @param value    the value as configured (may be empty)
     * @param expected the accepted form, e.g. {@code "a positive duration such as 3s"}
     */
    public ConfigurationException(String key, String value, String expected) {
        this(null, key, value, expected, null);
    }

    /**
     * @param owner what refused the value (e.g. {@code "plugin 'webrtc'"}), or {@code null}
     * @param cause the plugin's own exception, or {@code null}
     */
    public ConfigurationException(String owner, String key, String value, String expected, Throwable cause) {
        super(ErrorKind.CONFIGURATION, (owner == null ? "" : "invalid configuration for " + owner + ": ")
                + message(key, value, expected), cause);
        this.key = key;
        this.value = value;
        this.expected = expected;
    }

    /**
     * A value refused by a plugin that did not say which key (an {@link IllegalArgumentException} of an older
     * plugin): the message is the plugin's; {@link #key()} is empty.
     */
    public ConfigurationException(String owner, IllegalArgumentException unstructured) {
        super(ErrorKind.CONFIGURATION, "invalid configuration for " + owner + ": " + unstructured.getMessage(),
                unstructured);
        this.key = null;
        this.value = null;
        this.expected = null;
    }

    /** The standard wording: {@code invalid value 'V' for config key K: expected E}. */
    public static String message(String key, String value, String expected) {
        return "invalid value '" + value + "' for config key " + key + ": expected " + expected;
    }

    /** The key, e.g. {@code livecontrol.relay.connect-timeout}; empty only for an unstructured plugin refusal. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The refused value as configured. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** The accepted form, e.g. {@code a positive duration such as 3s}. */
    public Optional<String> expected() {
        return Optional.ofNullable(expected);
    }
}
