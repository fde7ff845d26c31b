package org.mobileworship.livecontrol.api;

import java.util.Locale;
import java.util.Optional;

/** Where a display hangs, which decides what it shows (seed: {@code audience | stage | lobby}). */
public enum DisplayClass {
    AUDIENCE, STAGE, LOBBY;

    /** The seed's lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; empty for anything else (e.g. a class added by a newer version). */
    public static Optional<DisplayClass> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (DisplayClass c : values()) {
            if (c.wireName().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
