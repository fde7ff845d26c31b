package org.mobileworship.livecontrol.api;

import java.util.Objects;

/**
 * What a display shows: the current event, item and slide, and whether the screen is blacked out, with
 * the revision of the change that produced it. Immutable.
 */
public record LiveState(String eventId, String itemId, int slideIndex, boolean black, Revision revision) {
    /** A display that has received nothing: no event, slide 0, not black. */
    public static final LiveState EMPTY = new LiveState("", "", 0, false, Revision.ZERO);

    public LiveState {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(revision, "revision");
        if (slideIndex < 0) {
            throw new IllegalArgumentException("slideIndex must be >= 0, was " + slideIndex);
        }
    }

    /** This state after a slide change. */
    public LiveState withSlide(String eventId, String itemId, int slideIndex, Revision revision) {
        return new LiveState(eventId, itemId, slideIndex, black, revision);
    }

    /** This state after a black-screen change. */
    public LiveState withBlack(String eventId, boolean black, Revision revision) {
        return new LiveState(eventId, itemId, slideIndex, black, revision);
    }
}
