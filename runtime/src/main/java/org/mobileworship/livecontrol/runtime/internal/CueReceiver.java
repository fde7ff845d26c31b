package org.mobileworship.livecontrol.runtime.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of delivery, on a display: who may send cues, de-duplication by message id per sender,
 * applying to the state registers, and the ack (also for duplicates: the first ack may be what got lost).
 * Loop-confined.
 */
final class CueReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(CueReceiver.class);

    private final NodeIdentity identity;
    private final int dedupCapacity;
    private final PeerRegistry registry;
    private final NodeState state;
    private final EventBus events;
    private final Clock clock;
    private final Map<PeerId, DedupWindow> dedup = new HashMap<>();

    CueReceiver(NodeIdentity identity, int dedupCapacity, PeerRegistry registry, NodeState state, EventBus events,
                Clock clock) {
        this.identity = identity;
        this.dedupCapacity = dedupCapacity;
        this.registry = registry;
        this.state = state;
        this.events = events;
        this.clock = clock;
    }

    /** A slide, black or sync frame from {@code ch}'s peer. Always answered: an ack or a specific error. */
    void onCue(PeerChannel ch, Link link, DataFrame frame) {
        String messageId = frame.getMessageId();
        if (!identity.type().isDisplay()) {
            ch.send(link, Frames.error(ErrorCodes.NOT_ALLOWED,
                    "peer " + identity.id() + " is a " + identity.type() + " and takes no cues", messageId));
            return;
        }
        // Role authorization does not rely on the leader alone: a leader of another version, or one that does
        // not enforce roles, must still not let a display (or a stranger) drive this display.
        PeerType senderType = registry.typeOf(ch.remote);
        if (senderType == null) {
            // Not (yet) in this node's peer list: unknown-peer is retryable for the sender, so a controller
            // whose link beat its peer-list entry here is served on its next retry; a stranger never is.
            LOG.info("refused a {} cue from {}: not registered in this session", frame.getBodyCase(), ch.remote);
            ch.send(link, Frames.error(ErrorCodes.UNKNOWN_PEER, "peer " + ch.remote
                    + " is not registered in this session; displays apply cues only from registered controllers",
                    messageId));
            return;
        }
        if (!senderType.isController()) {
            LOG.warn("refused a {} cue from {}: it is registered as a {}", frame.getBodyCase(), ch.remote,
                    senderType);
            ch.send(link, Frames.error(ErrorCodes.NOT_ALLOWED, "peer " + ch.remote + " is registered as a "
                    + senderType + "; displays apply cues only from controllers", messageId));
            return;
        }
        DedupWindow window = dedup.computeIfAbsent(ch.remote, k -> new DedupWindow(dedupCapacity));
        if (window.firstTime(messageId)) {
            // A seed client sends no revision: its change is taken as the newest this display has seen.
            Revision revision = frame.hasRevision() ? Frames.fromWire(frame.getRevision())
                    : new Revision(state.revision().counter() + 1, ch.remote.value());
            LiveControlMessage message = Frames.toMessage(frame);
            boolean changed = frame.hasSync() ? state.applySync(frame, revision) : state.apply(message, revision);
            events.publish(new LiveControlEvent.MessageReceived(clock.instant(), ch.remote, messageId, message));
            if (changed) {
                events.publish(new LiveControlEvent.StateApplied(clock.instant(), ch.remote, state.snapshot()));
            }
        }
        ch.send(link, Frames.ack(messageId, state.revision()));
    }
}
