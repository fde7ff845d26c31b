package org.mobileworship.livecontrol.runtime.internal;

import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.Revision;

/**
 * A display's state as two last-writer-wins registers, one for the slide (event, item, index) and one for
 * the black flag, each ordered by {@link Revision}. Applying is commutative, associative and idempotent, so
 * every display that received the same changes shows the same state whatever their arrival order, retries
 * or duplicates. Per-field registers keep a black toggle from one controller from being lost to a slide
 * change of another. Not thread-safe: the node serializes access.
 */
final class StateRegister {
    private String eventId = "";
    private String itemId = "";
    private int slideIndex;
    private Revision slideRevision = Revision.ZERO;
    private boolean black;
    private Revision blackRevision = Revision.ZERO;

    /** Applies a change; returns whether anything changed. Pings change nothing. */
    boolean apply(LiveControlMessage message, Revision revision) {
        if (message instanceof LiveControlMessage.Slide s) {
            return applySlide(s.eventId(), s.itemId(), s.slideIndex(), revision);
        }
        if (message instanceof LiveControlMessage.Black b) {
            return applyBlack(b.black(), revision);
        }
        if (message instanceof LiveControlMessage.Sync sync) {
            LiveState st = sync.fullState();
            // A sync carries the sender's whole view; its revision orders it against both registers.
            Revision r = revision.isNewerThan(st.revision()) ? revision : st.revision();
            boolean a = applySlide(st.eventId(), st.itemId(), st.slideIndex(), r);
            boolean b = applyBlack(st.black(), r);
            return a || b;
        }
        return false;
    }

    /** Applies a full-state sync whose registers carry their own revisions. */
    boolean applySync(String eventId, String itemId, int slideIndex, Revision slideRev, boolean black,
                      Revision blackRev) {
        boolean a = applySlide(eventId, itemId, slideIndex, slideRev);
        boolean b = applyBlack(black, blackRev);
        return a || b;
    }

    Revision slideRevision() {
        return slideRevision;
    }

    Revision blackRevision() {
        return blackRevision;
    }

    private boolean applySlide(String eventId, String itemId, int slideIndex, Revision revision) {
        if (!revision.isNewerThan(slideRevision)) {
            return false;
        }
        this.eventId = eventId;
        this.itemId = itemId;
        this.slideIndex = slideIndex;
        this.slideRevision = revision;
        return true;
    }

    private boolean applyBlack(boolean black, Revision revision) {
        if (!revision.isNewerThan(blackRevision)) {
            return false;
        }
        this.black = black;
        this.blackRevision = revision;
        return true;
    }

    /** Highest revision applied to either register. */
    Revision revision() {
        return slideRevision.isNewerThan(blackRevision) ? slideRevision : blackRevision;
    }

    LiveState state() {
        return new LiveState(eventId, itemId, slideIndex, black, revision());
    }
}
