package org.mobileworship.livecontrol.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mobileworship.livecontrol.api.spi.Config;

/** A {@link Config} backed by a map, for tests and contract tests. Immutable. */
public final class MapConfig implements Config {
    private final Map<String, String> values;

    private MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static MapConfig of(Map<String, String> values) {
        return new MapConfig(values);
    }

    public static MapConfig empty() {
        return new MapConfig(Map.of());
    }

    /** This config plus {@code key=value}. */
    public MapConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new MapConfig(copy);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "MapConfig" + values;
    }
}
