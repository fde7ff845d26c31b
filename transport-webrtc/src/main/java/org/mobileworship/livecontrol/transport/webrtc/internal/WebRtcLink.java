package org.mobileworship.livecontrol.transport.webrtc.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.plugin.support.AbstractLink;
import org.mobileworship.livecontrol.plugin.support.CallerThreadSends;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;

/**
 * The {@link Link} view of one {@link PeerSession}. Sends are copied and queued on a per-link serial
 * executor (native {@code send()} can block); received frames and the final {@code closed} are handed to
 * the listener in order on a per-link serial executor, inline on the data channel's callback thread when that
 * executor is idle.
 *
 * <p>A frame sent <em>while</em> the callback thread delivers a received frame (the display's ack, a pong: the
 * runtime answers inline when its loop was idle) is not queued for the sender thread: it is kept until the
 * delivery returned — so no native call runs inside the runtime's loop task — and then sent from the callback
 * thread itself, as a plain webrtc-java echo would, when the send queue is idle (order kept) and the session
 * is not being disposed; otherwise it takes the sender queue like any other frame. A frame sent inside an
 * application call that the runtime runs on the caller's thread ({@link CallerThreadSends}: a controller's cue
 * while its loop is idle) leaves the same way from the caller's thread once that call released the runtime's
 * state, instead of waking a sender thread.
 */
final class WebRtcLink extends AbstractLink {
    private static final long STATS_REFRESH_NANOS = 1_000_000_000L;

    private final PeerSession session;
    private final PeerId remote;
    private final LinkEncoding encoding;
    private final int maxQueued;
    private final SerialExecutor sendQueue;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    /** The thread delivering a received frame right now (a libwebrtc callback thread), or null. */
    private volatile Thread delivering;
    /** Frames sent by {@link #delivering} during its delivery; touched only by that thread. */
    private final java.util.ArrayList<byte[]> answers = new java.util.ArrayList<>(2);

    private volatile String candidatePairType;
    private volatile long statsRefreshedAt = System.nanoTime() - STATS_REFRESH_NANOS;

    WebRtcLink(PeerSession session, PeerId remote, LinkEncoding encoding, int maxQueued, Executor pool) {
        // received frames are handed over inline on the data channel's callback thread when the loop is idle:
        // listeners only enqueue (LinkListener contract)
        super(remote, new SerialExecutor(pool, "webrtc-deliver-" + remote, SerialExecutor.OnRejection.RUN_ON_CALLER),
                Handoff.INLINE_IF_IDLE);
        this.session = session;
        this.remote = remote;
        this.encoding = encoding;
        this.maxQueued = maxQueued;
        this.sendQueue = new SerialExecutor(pool, "webrtc-send-" + remote, SerialExecutor.OnRejection.RUN_ON_CALLER);
    }

    @Override
    public String transport() {
        return "webrtc";
    }

    /** ICE consent checks and SCTP notice a vanished remote; {@link PeerSession} then closes this link. */
    @Override
    public boolean detectsRemoteLoss() {
        return true;
    }

    @Override
    public LinkEncoding encoding() {
        return encoding;
    }

    @Override
    public void send(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length > ProtocolLimits.MAX_DATA_FRAME_BYTES) {
            throw new TransportException("frame of " + frame.length + " bytes to " + remote
                    + " exceeds the data-channel limit of " + ProtocolLimits.MAX_DATA_FRAME_BYTES
                    + " bytes (ProtocolLimits.MAX_DATA_FRAME_BYTES); it was not sent");
        }
        String reason = closedReason();
        if (reason != null) {
            throw new TransportException("webrtc link to " + remote + " is closed (" + reason + ")");
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw new TransportException("webrtc link to " + remote + ": " + maxQueued
                    + " frames are already queued for the data channel (livecontrol.webrtc.max-queued-frames); "
                    + "frame refused");
        }
        byte[] copy = frame.clone(); // the caller may reuse its array
        if (delivering == Thread.currentThread()) {
            answers.add(copy); // sent by received() once the delivery returned
            return;
        }
        if (CallerThreadSends.defer(() -> sendHereOrQueue(copy))) {
            return; // sent by the caller's thread once the runtime's task returned
        }
        sendQueue.execute(() -> queuedSend(copy));
    }

    private void queuedSend(byte[] frame) {
        queued.decrementAndGet();
        if (closedReason() != null) {
            return; // closed while queued: the runtime's retries cover it
        }
        if (session.nativeSend(this, frame, encoding == LinkEncoding.PROTOBUF)) {
            sent(frame);
        }
    }

    private void sent(byte[] frame) {
        framesSent.incrementAndGet();
        bytesSent.addAndGet(frame.length);
    }

    /** On the callback thread, after its delivery: the answers it produced, sent from here when possible. */
    private void sendAnswers() {
        for (byte[] frame : answers) {
            sendHereOrQueue(frame);
        }
        answers.clear();
    }

    /**
     * Sends {@code frame} from this thread when the send queue is idle (order kept) and the session's native
     * lock is free (disposal may hold it while it calls into libwebrtc); otherwise queues it for a sender thread.
     * Only for a thread that holds no runtime state: a callback thread after its delivery, or an application
     * thread after its call.
     */
    private void sendHereOrQueue(byte[] frame) {
        boolean[] busy = new boolean[1];
        boolean ran = sendQueue.tryRunIfIdle(() -> {
            if (closedReason() != null) {
                return;
            }
            switch (session.sendFromCallback(this, frame, encoding == LinkEncoding.PROTOBUF)) {
                case SENT -> sent(frame);
                case BUSY -> busy[0] = true;
                case FAILED -> { }
            }
        });
        if (ran && !busy[0]) {
            queued.decrementAndGet();
        } else {
            sendQueue.execute(() -> queuedSend(frame));
        }
    }

    @Override
    public boolean isOpen() {
        return closedReason() == null && session.state() == LinkState.CONNECTED;
    }

    /** The connection state, for logs and tests. */
    LinkState state() {
        return closedReason() != null ? LinkState.CLOSED : session.state();
    }

    @Override
    public LinkStats stats() {
        long now = System.nanoTime();
        if (now - statsRefreshedAt >= STATS_REFRESH_NANOS && closedReason() == null) {
            statsRefreshedAt = now;
            session.requestStats(); // lazily, asynchronously: this call never waits for native code
        }
        return new LinkStats(framesSent.get(), framesReceived.get(), bytesSent.get(), bytesReceived.get(),
                candidatePairType);
    }

    void candidatePairType(String type) {
        if (type != null) {
            candidatePairType = type;
        }
    }

    @Override
    public void close() {
        session.closeFromLink(this);
    }

    @Override
    public String toString() {
        return "WebRtcLink[" + remote + ", " + encoding + ", " + state() + "]";
    }

    // --- called by the session ---

    /** A frame from the data channel (already copied off the native buffer). */
    void received(byte[] frame) {
        framesReceived.incrementAndGet();
        bytesReceived.addAndGet(frame.length);
        delivering = Thread.currentThread();
        try {
            deliver(frame);
        } finally {
            delivering = null;
        }
        if (!answers.isEmpty()) {
            sendAnswers();
        }
    }

    /** Marks the link closed; the listener hears {@code closed(reason)} once, after frames already received. */
    void sessionClosed(String reason) {
        markClosed(reason);
    }
}
