package org.mobileworship.livecontrol.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids already applied, per sender, bounded: the oldest ids are forgotten first. A retry arrives
 * within the delivery deadline, long before thousands of newer ids push its id out. Not thread-safe.
 */
final class DedupWindow {
    private final int capacity;
    private final LinkedHashMap<String, Boolean> seen;

    DedupWindow(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > DedupWindow.this.capacity;
            }
        };
    }

    /** Records {@code messageId}; returns false if it was already recorded (a duplicate). */
    boolean firstTime(String messageId) {
        return seen.put(messageId, Boolean.TRUE) == null;
    }

    int size() {
        return seen.size();
    }
}
