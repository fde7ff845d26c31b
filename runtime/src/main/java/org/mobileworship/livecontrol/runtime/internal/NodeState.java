package org.mobileworship.livecontrol.runtime.internal;

import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;

/**
 * The node's live state: the {@link StateRegister} (loop-confined) plus an immutable snapshot any thread reads
 * without waiting for the loop.
 */
final class NodeState {
    private final StateRegister register = new StateRegister();
    private volatile LiveState snapshot = LiveState.EMPTY;

    /** Applies a change; returns whether anything changed. */
    boolean apply(LiveControlMessage message, Revision revision) {
        return published(register.apply(message, revision));
    }

    /** Applies a full-state sync frame whose registers may carry their own revisions. */
    boolean applySync(DataFrame frame, Revision frameRevision) {
        var s = frame.getSync().getFullState();
        Revision slideRev = s.hasRevision() ? Frames.fromWire(s.getRevision()) : frameRevision;
        Revision blackRev = s.hasBlackRevision() ? Frames.fromWire(s.getBlackRevision()) : slideRev;
        return published(register.applySync(s.getEventId(), s.getItemId(), Math.max(0, s.getSlideIndex()),
                slideRev, s.getIsBlack(), blackRev));
    }

    /** Highest revision applied to either register. */
    Revision revision() {
        return register.revision();
    }

    /** A sync of the whole state that keeps each register's own revision. */
    DataFrame syncFrame(String messageId) {
        return Frames.syncOf(messageId, register);
    }

    /** The state as last applied; safe from any thread. */
    LiveState snapshot() {
        return snapshot;
    }

    private boolean published(boolean changed) {
        if (changed) {
            snapshot = register.state();
        }
        return changed;
    }
}
