package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.base.Ticker;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each frame a link delivers and hands it to the part that owns it: cues to the {@link CueReceiver},
 * acks, pongs and errors to the {@link DeliveryTracker}; pings are answered here. A frame that does not decode
 * is answered with the codec's specific error and changes nothing. Loop-confined.
 */
final class InboundFrames {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFrames.class);

    private final Ticker ticker;
    private final CueReceiver receiver;
    private final DeliveryTracker tracker;
    private final NodeState state;

    InboundFrames(Ticker ticker, CueReceiver receiver, DeliveryTracker tracker, NodeState state) {
        this.ticker = ticker;
        this.receiver = receiver;
        this.tracker = tracker;
        this.state = state;
    }

    void onFrame(PeerChannel ch, Link link, byte[] bytes) {
        ch.received(bytes.length, ticker.read());
        DataFrame frame;
        try {
            frame = PeerChannel.codec(link).decodeData(bytes);
        } catch (ProtocolException e) {
            LOG.warn("bad frame from {} over {}: {}", ch.remote, link.transport(), e.getMessage());
            ch.send(link, Frames.error(e.code().wireCode(), e.getMessage(), ""));
            return;
        }
        switch (frame.getBodyCase()) {
            case SLIDE, BLACK, SYNC -> receiver.onCue(ch, link, frame);
            case PING -> ch.send(link, Frames.pong(frame.getPing().getTimestamp(), state.revision()));
            case ACK -> tracker.onAck(ch, link, frame.getAck().getMessageId(), frame.getAck().hasAppliedRevision()
                    ? Frames.fromWire(frame.getAck().getAppliedRevision()) : Revision.ZERO);
            case PONG -> tracker.onPong(ch, link, frame.getPong().getTimestamp(),
                    frame.hasRevision() ? Frames.fromWire(frame.getRevision()) : Revision.ZERO);
            case ERROR -> tracker.onError(ch, frame.getError());
            default -> ch.send(link, Frames.error(ErrorCodes.UNKNOWN_TYPE, "frame without a known body",
                    frame.getMessageId()));
        }
    }
}
