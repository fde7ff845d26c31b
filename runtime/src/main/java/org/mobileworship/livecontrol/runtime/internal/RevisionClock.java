package org.mobileworship.livecontrol.runtime.internal;

import java.time.Clock;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.Revision;

/**
 * A controller's revisions: a hybrid logical clock, i.e. a Lamport counter that is never behind this device's
 * wall clock in milliseconds. Two controllers that never exchanged a message still order their changes by when
 * they happened (to within their clock skew), so an operator's cue wins over an older one from another
 * controller even before this controller has heard a pong or an ack carrying the newer revision. With skewed
 * clocks it falls back to plain Lamport behaviour, which pongs and acks keep current. Loop-confined.
 */
final class RevisionClock {
    private final PeerId self;
    private final Clock clock;
    private long counter;

    RevisionClock(PeerId self, Clock clock) {
        this.self = self;
        this.clock = clock;
    }

    /** The revision of this node's next change. */
    Revision next() {
        counter = Math.max(counter + 1, clock.millis());
        return new Revision(counter, self.value());
    }

    /** A revision seen elsewhere (a display's pong or ack): this node's next change must be newer. */
    void observe(long seenCounter) {
        counter = Math.max(counter, seenCounter);
    }
}
