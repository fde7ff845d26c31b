package org.mobileworship.livecontrol.runtime.internal;

import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.protocol.v1.Ack;
import org.mobileworship.livecontrol.protocol.v1.Black;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Error;
import org.mobileworship.livecontrol.protocol.v1.Ping;
import org.mobileworship.livecontrol.protocol.v1.Pong;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.protocol.v1.Sync;

/** Conversions between the API's message types and the wire schema. Keeps protobuf out of the API. */
final class Frames {
    private Frames() {
    }

    static DataFrame message(String messageId, Revision revision, LiveControlMessage message) {
        DataFrame.Builder b = DataFrame.newBuilder();
        if (messageId != null) {
            b.setMessageId(messageId);
        }
        if (revision != null) {
            b.setRevision(toWire(revision));
        }
        if (message instanceof LiveControlMessage.Slide s) {
            b.setSlide(Slide.newBuilder().setEventId(s.eventId()).setItemId(s.itemId()).setSlideIndex(s.slideIndex()));
        } else if (message instanceof LiveControlMessage.Black k) {
            b.setBlack(Black.newBuilder().setEventId(k.eventId()).setIsBlack(k.black()));
        } else if (message instanceof LiveControlMessage.Sync s) {
            b.setSync(Sync.newBuilder().setEventId(s.eventId()).setFullState(toWire(s.fullState())));
        } else if (message instanceof LiveControlMessage.Ping p) {
            b.setPing(Ping.newBuilder().setTimestamp(p.timestamp()));
        } else {
            throw new IllegalArgumentException("unsupported message " + message);
        }
        return b.build();
    }

    /** A sync of {@code state} that keeps each register's own revision, so it never overrides newer data. */
    static DataFrame syncOf(String messageId, StateRegister state) {
        LiveState s = state.state();
        org.mobileworship.livecontrol.protocol.v1.LiveState wire = toWire(s).toBuilder()
                .setRevision(toWire(state.slideRevision()))
                .setBlackRevision(toWire(state.blackRevision()))
                .build();
        return DataFrame.newBuilder().setMessageId(messageId).setRevision(toWire(state.revision()))
                .setSync(Sync.newBuilder().setEventId(s.eventId()).setFullState(wire))
                .build();
    }

    /** A controller's ping; the timestamp is the node's ticker reading, echoed in the pong to measure RTT. */
    static DataFrame ping(long tickerNanos) {
        return DataFrame.newBuilder().setPing(Ping.newBuilder().setTimestamp(tickerNanos)).build();
    }

    static DataFrame ack(String messageId, Revision applied) {
        Ack.Builder ack = Ack.newBuilder().setMessageId(messageId);
        if (applied.isNewerThan(Revision.ZERO)) {
            ack.setAppliedRevision(toWire(applied));
        }
        return DataFrame.newBuilder().setAck(ack).build();
    }

    /** A pong that also tells the controller the display's current state revision. */
    static DataFrame pong(long timestamp, Revision displayRevision) {
        DataFrame.Builder b = DataFrame.newBuilder().setPong(Pong.newBuilder().setTimestamp(timestamp));
        if (displayRevision.isNewerThan(Revision.ZERO)) {
            b.setRevision(toWire(displayRevision)); // the wire has no "zero" revision: absent means none
        }
        return b.build();
    }

    static DataFrame error(String code, String message, String messageId) {
        return DataFrame.newBuilder()
                .setError(Error.newBuilder().setCode(code).setMessage(message)
                        .setMessageId(messageId == null ? "" : messageId))
                .build();
    }

    /** The API message a wire frame carries; {@code null} for responses (ack, pong, error). */
    static LiveControlMessage toMessage(DataFrame f) {
        switch (f.getBodyCase()) {
            case SLIDE:
                return new LiveControlMessage.Slide(f.getSlide().getEventId(), f.getSlide().getItemId(),
                        Math.max(0, f.getSlide().getSlideIndex()));
            case BLACK:
                return new LiveControlMessage.Black(f.getBlack().getEventId(), f.getBlack().getIsBlack());
            case SYNC:
                return new LiveControlMessage.Sync(f.getSync().getEventId(), fromWire(f.getSync().getFullState()));
            case PING:
                return new LiveControlMessage.Ping(f.getPing().getTimestamp());
            default:
                return null;
        }
    }

    static org.mobileworship.livecontrol.protocol.v1.Revision toWire(Revision r) {
        return org.mobileworship.livecontrol.protocol.v1.Revision.newBuilder()
                .setCounter(r.counter()).setControllerId(r.controllerId()).build();
    }

    static Revision fromWire(org.mobileworship.livecontrol.protocol.v1.Revision r) {
        return new Revision(Math.max(0, r.getCounter()), r.getControllerId());
    }

    static org.mobileworship.livecontrol.protocol.v1.LiveState toWire(LiveState s) {
        return org.mobileworship.livecontrol.protocol.v1.LiveState.newBuilder()
                .setEventId(s.eventId()).setItemId(s.itemId()).setSlideIndex(s.slideIndex())
                .setIsBlack(s.black()).setRevision(toWire(s.revision())).build();
    }

    static LiveState fromWire(org.mobileworship.livecontrol.protocol.v1.LiveState s) {
        Revision rev = s.hasRevision() ? fromWire(s.getRevision()) : Revision.ZERO;
        return new LiveState(s.getEventId(), s.getItemId(), Math.max(0, s.getSlideIndex()), s.getIsBlack(), rev);
    }
}
