package org.mobileworship.livecontrol.api;

import java.util.Objects;
import java.util.Optional;

/** Which displays a {@link LiveControl#broadcast} reaches. */
public final class Audience {
    private static final Audience ALL = new Audience(null);

    private final DisplayClass displayClass;

    private Audience(DisplayClass displayClass) {
        this.displayClass = displayClass;
    }

    /** Every display of the session. */
    public static Audience displays() {
        return ALL;
    }

    /** The displays of one class. */
    public static Audience displays(DisplayClass displayClass) {
        return new Audience(Objects.requireNonNull(displayClass, "displayClass"));
    }

    public Optional<DisplayClass> displayClass() {
        return Optional.ofNullable(displayClass);
    }

    /** Whether a peer of this type is in the audience. */
    public boolean includes(PeerType type) {
        return type instanceof PeerType.Display d && (displayClass == null || d.displayClass() == displayClass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Audience a && a.displayClass == displayClass;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(displayClass);
    }

    @Override
    public String toString() {
        return displayClass == null ? "all displays" : displayClass.wireName() + " displays";
    }
}
