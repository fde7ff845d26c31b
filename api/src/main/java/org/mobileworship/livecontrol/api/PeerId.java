package org.mobileworship.livecontrol.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of one device in a session. The seed uses UUID v4 strings; third-party clients may use any
 * printable id of at most {@value #MAX_LENGTH} characters, so the type accepts those too.
 */
public record PeerId(String value) implements Comparable<PeerId> {
    /** Longest id accepted on the wire and in the API. */
    public static final int MAX_LENGTH = 128;

    public PeerId {
        Objects.requireNonNull(value, "peer id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("peer id must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "peer id is " + value.length() + " characters, the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("peer id contains a control character at index " + i);
            }
        }
    }

    /** A fresh random UUID v4 id, as the seed prescribes. */
    public static PeerId random() {
        return new PeerId(UUID.randomUUID().toString());
    }

    public static PeerId of(String value) {
        return new PeerId(value);
    }

    @Override
    public int compareTo(PeerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
