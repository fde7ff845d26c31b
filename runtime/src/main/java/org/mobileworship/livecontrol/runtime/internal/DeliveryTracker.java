package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DeliveryException.Reason;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of delivery: message ids, revisions, pending cues, retries until an ack or the deadline, and
 * the error frames and pongs that settle them. Loop-confined; all time comes from the {@link Ticker}, so the
 * retry and deadline rules are tested on fake time.
 */
final class DeliveryTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracker.class);

    /** What the tracker needs from the links part. */
    interface Links {
        /** The peer's channel when its link is open, else null. */
        PeerChannel open(PeerId peer);

        /** Opens a link to {@code peer} (best transport first) unless one is open or opening. */
        void ensure(PeerId peer);
    }

    /** A message waiting for its ack. */
    private static final class Pending {
        final PeerId peer;
        final String messageId;
        final DataFrame frame;
        final CompletableFuture<Delivery> future = new CompletableFuture<>();
        final long firstSentNanos;
        final long deadlineNanos;
        long lastSentNanos = Long.MIN_VALUE;
        int attempts;

        Pending(PeerId peer, String messageId, DataFrame frame, long now, long deadline) {
            this.peer = peer;
            this.messageId = messageId;
            this.frame = frame;
            this.firstSentNanos = now;
            this.deadlineNanos = deadline;
        }
    }

    private final NodeIdentity identity;
    private final Duration retryInterval;
    private final Duration deadline;
    private final Ticker ticker;
    private final Clock clock;
    private final EventBus events;
    private final PeerRegistry registry;
    private final Links links;
    private final RevisionClock revisions;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    DeliveryTracker(NodeIdentity identity, Duration retryInterval, Duration deadline, Ticker ticker, Clock clock,
                    EventBus events, PeerRegistry registry, Links links) {
        this.identity = identity;
        this.retryInterval = retryInterval;
        this.deadline = deadline;
        this.ticker = ticker;
        this.clock = clock;
        this.events = events;
        this.registry = registry;
        this.links = links;
        this.revisions = new RevisionClock(identity.id(), clock);
    }

    /** The revision of this node's next state change. */
    Revision nextRevision() {
        return revisions.next();
    }

    /** A delivery refused before anything was sent, reported like every other failed delivery. */
    CompletableFuture<Delivery> refuse(Reason reason, PeerId peer, String detail) {
        CompletableFuture<Delivery> f = new CompletableFuture<>();
        fail(f, new DeliveryException(reason, peer, UUID.randomUUID().toString(), detail));
        return f;
    }

    /** Sends {@code message} to {@code peer} and retries it until acked or the deadline passes. */
    CompletableFuture<Delivery> send(PeerId peer, LiveControlMessage message, Revision revision) {
        if (!identity.type().isController()) {
            return refuse(Reason.NOT_ALLOWED, peer, "only controllers send cues; this node is " + identity.type());
        }
        PeerType targetType = registry.typeOf(peer);
        if (targetType == null) {
            return refuse(Reason.UNKNOWN_PEER, peer, "no such peer in this session; known peers: "
                    + registry.view(p -> null).stream().map(p -> p.displayName() + "=" + p.id()).toList());
        }
        if (!targetType.isDisplay()) {
            return refuse(Reason.NOT_ALLOWED, peer, "the peer is a " + targetType + ", only displays take cues");
        }
        String messageId = UUID.randomUUID().toString();
        DataFrame frame = message instanceof LiveControlMessage.Sync sync
                ? Frames.message(messageId, revision,
                        new LiveControlMessage.Sync(sync.eventId(), withRevision(sync.fullState(), revision)))
                : Frames.message(messageId, revision, message);
        int size = frame.getSerializedSize();
        if (size > ProtocolLimits.MAX_DATA_FRAME_BYTES) {
            CompletableFuture<Delivery> f = new CompletableFuture<>();
            fail(f, new DeliveryException(Reason.TOO_LARGE, peer, messageId, "encoded size " + size
                    + " bytes exceeds the " + ProtocolLimits.MAX_DATA_FRAME_BYTES + "-byte data-channel limit"));
            return f;
        }
        // Pings are answered by pongs, not acks: they are matched by their timestamp.
        String key = frame.hasPing() ? pingKey(frame.getPing().getTimestamp()) : messageId;
        return track(peer, key, frame, true).future;
    }

    /** Sends this node's whole state to {@code peer} (a display that just linked), tracked like a cue. */
    void sync(PeerId peer, NodeState state) {
        LiveState s = state.snapshot();
        String messageId = UUID.randomUUID().toString();
        // Queued only: the caller flushes this peer's queue next, so the sync goes out once, in order.
        Pending p = track(peer, messageId, state.syncFrame(messageId), false);
        p.future.whenComplete((d, e) -> {
            if (e != null) {
                LOG.warn("sync of {} to {} failed: {}", s, peer, e.getMessage());
            }
        });
    }

    private Pending track(PeerId peer, String key, DataFrame frame, boolean sendNow) {
        long now = ticker.read();
        Pending p = new Pending(peer, key, frame, now, now + deadline.toNanos());
        pending.put(key, p);
        if (!sendNow) {
            return p;
        }
        PeerChannel ch = links.open(peer);
        if (ch != null) {
            transmit(p, ch);
        } else {
            links.ensure(peer);
        }
        return p;
    }

    /** A link to {@code ch}'s peer opened: whatever waited for it goes out now instead of at the next tick. */
    void flush(PeerChannel ch) {
        for (Pending p : pending.values()) {
            if (p.peer.equals(ch.remote) && !p.future.isDone()) {
                transmit(p, ch);
            }
        }
    }

    /** Whether any delivery is still waiting for its ack (or its deadline). */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Resends what is due and fails what passed its deadline. Called every quarter retry interval while
     * something is pending (and briefly after: the node stops the tick once nothing is).
     */
    void retryTick() {
        if (pending.isEmpty()) {
            return;
        }
        long now = ticker.read();
        long interval = retryInterval.toNanos();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future.isDone()) {
                it.remove();
                continue;
            }
            PeerChannel ch = links.open(p.peer);
            if (now - p.deadlineNanos >= 0) {
                it.remove();
                fail(p.future, new DeliveryException(Reason.TIMEOUT, p.peer, p.messageId,
                        "no ack within " + deadline.toMillis() + " ms after " + p.attempts + " attempt(s); link: "
                                + (ch != null ? ch.transportName() : "none")));
                continue;
            }
            if (ch != null && (p.attempts == 0 || now - p.lastSentNanos >= interval)) {
                transmit(p, ch);
            }
        }
    }

    private void transmit(Pending p, PeerChannel ch) {
        if (p.attempts > 0) {
            ch.retries++;
        }
        p.attempts++;
        p.lastSentNanos = ticker.read();
        ch.send(ch.current, p.frame);
    }

    /** A display acked {@code messageId}; a later ack of a retry finds nothing left to complete. */
    void onAck(PeerChannel ch, Link link, String messageId, Revision applied) {
        revisions.observe(applied.counter());
        Pending p = pending.remove(messageId);
        if (p == null) {
            return;
        }
        Duration rtt = Duration.ofNanos(ticker.read() - p.firstSentNanos);
        p.future.complete(new Delivery(ch.remote, messageId, p.attempts, rtt, link.transport(), applied));
    }

    /** A pong: measures the round trip and completes a ping sent through {@code send}. */
    void onPong(PeerChannel ch, Link link, long timestamp, Revision displayRevision) {
        // Lamport: this node's next change must be newer than what the display shows, whoever produced it.
        revisions.observe(displayRevision.counter());
        Duration rtt = Duration.ofNanos(Math.max(0, ticker.read() - timestamp));
        ch.roundTrip = rtt;
        Pending p = pending.remove(pingKey(timestamp));
        if (p != null) {
            p.future.complete(new Delivery(ch.remote, p.messageId, p.attempts, rtt, link.transport(),
                    displayRevision));
        }
    }

    /** An error frame: a refused cue fails its delivery, except {@code unknown-peer}, which is retried. */
    void onError(PeerChannel ch, org.mobileworship.livecontrol.protocol.v1.Error error) {
        String messageId = error.getMessageId();
        Pending p = messageId.isEmpty() ? null : pending.get(messageId);
        if (p != null && ErrorCodes.UNKNOWN_PEER.equals(error.getCode())) {
            // the display has not seen this node in its peer list yet: the retry loop sends again
            LOG.debug("{} does not know this node yet ({}); retrying {}", ch.remote, error.getMessage(), messageId);
        } else if (p != null) {
            pending.remove(messageId);
            fail(p.future, new DeliveryException(Reason.REJECTED, ch.remote, messageId,
                    "the peer answered " + error.getCode() + ": " + error.getMessage()));
        } else {
            LOG.warn("peer {} reported error {}: {}", ch.remote, error.getCode(), error.getMessage());
        }
    }

    /** Fails every pending delivery (the node closes). */
    void failAll(String detail) {
        for (Pending p : new ArrayList<>(pending.values())) {
            p.future.completeExceptionally(new DeliveryException(Reason.CLOSED, p.peer, p.messageId, detail));
        }
        pending.clear();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Fails a delivery and tells the application why ({@link LiveControlEvent.DeliveryFailed}). */
    private void fail(CompletableFuture<Delivery> future, DeliveryException e) {
        if (future.completeExceptionally(e)) {
            events.publish(new LiveControlEvent.DeliveryFailed(clock.instant(), e.peer(), e.messageId(), e.reason(),
                    e.getMessage()));
        }
    }

    private static String pingKey(long timestamp) {
        return "ping:" + timestamp;
    }

    private static LiveState withRevision(LiveState s, Revision revision) {
        return revision == null ? s : new LiveState(s.eventId(), s.itemId(), s.slideIndex(), s.black(), revision);
    }
}
