package org.mobileworship.livecontrol.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * Version of a state change: a Lamport clock with the issuing controller's id as tie-break, so every
 * display orders any two changes the same way whatever order they arrive in.
 */
public record Revision(long counter, String controllerId) implements Comparable<Revision> {
    /** Older than every real revision: the state of a display that has applied nothing yet. */
    public static final Revision ZERO = new Revision(0, "");

    private static final Comparator<Revision> ORDER =
            Comparator.comparingLong(Revision::counter).thenComparing(Revision::controllerId);

    public Revision {
        Objects.requireNonNull(controllerId, "controllerId");
        if (counter < 0) {
            throw new IllegalArgumentException("revision counter must be >= 0, was " + counter);
        }
    }

    public boolean isNewerThan(Revision other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Revision other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return counter + "@" + controllerId;
    }
}
