package org.mobileworship.livecontrol.api.spi;

import java.util.Optional;

/**
 * Common shape of every plugin factory, found through {@link java.util.ServiceLoader}. Implementations need a
 * public no-argument constructor that does no I/O; heavy work belongs in {@code create(...)}.
 */
public interface Provider {

    /** Short stable name used in configuration (e.g. {@code livecontrol.discovery=mdns}) and logs. */
    String name();

    /**
     * Rank among providers of the same SPI: higher is preferred. Built-ins use 100 (real network plugins),
     * 10 (fallbacks) and -100 (in-memory test doubles).
     */
    default int priority() {
        return 0;
    }

    /**
     * Why this provider cannot work here (e.g. its native library does not load), with the fix in the
     * message; empty when it is usable. Must be cheap after the first call and must not throw.
     */
    default Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    /**
     * Checks this plugin's own configuration keys ({@code livecontrol.<plugin>.*}) so a bad value fails
     * {@code build()} with the key and the reason, not {@code start()}. The runtime calls it once per node for
     * every provider it selected. Throw {@link Config#invalidValue Config.invalidValue(key, value, expected)}
     * (an {@link IllegalArgumentException}); the runtime turns it into a
     * {@link org.mobileworship.livecontrol.api.ConfigurationException} naming this plugin. A plain
     * {@code IllegalArgumentException} is accepted too (its message is kept, the key is not known then). The
     * default accepts everything.
     */
    default void validate(Config config) {
    }

    default boolean isAvailable() {
        return unavailabilityCause().isEmpty();
    }
}
