package org.mobileworship.livecontrol.signaling.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.JsonFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one WebSocket connection: decodes in the connection's negotiated codec, applies the
 * rate limit, hands frames to the server, and sends with a bounded, timed outgoing queue.
 */
public final class ServerConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    private static final long SECOND = 1_000_000_000L;

    private final JettySignalingServer server;
    private final WireFormat format;
    private final FrameCodec codec;
    private final SignalingSettings settings;
    private final TokenBucket bucket;
    /** Start times (nanos) of writes not yet completed; Jetty completes writes in order, so the head is the oldest. */
    private final Queue<Long> pendingWrites = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private volatile Session session;
    /** Set by the server (under its lock) once this connection registered. */
    volatile PeerRecord peer;
    volatile long lastHeardNanos = System.nanoTime();
    private long lastRateErrorNanos = Long.MIN_VALUE / 2;
    private long lastDropNanos = Long.MIN_VALUE / 2;
    private long limitedSinceNanos;

    /** This connection's registration challenge: single-use by construction (one connection, one register). */
    final String nonce;
    /** Whether the client negotiated a livecontrol subprotocol, so it is told the nonce in a {@code challenge}. */
    final boolean sendsChallenge;

    ServerConnection(JettySignalingServer server, WireFormat format, SignalingSettings settings, String nonce,
                     boolean sendsChallenge) {
        this.server = server;
        this.nonce = nonce;
        this.sendsChallenge = sendsChallenge;
        this.format = format;
        this.codec = FrameCodec.of(format);
        this.settings = settings;
        this.bucket = new TokenBucket(settings.maxFramesPerSecond(), System.nanoTime());
    }

    /** The address the peer connected from (as this server sees it), or null before open / after close. */
    java.net.InetAddress remoteAddress() {
        Session s = session;
        if (s != null && s.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a) {
            return a.getAddress();
        }
        return null;
    }

    WireFormat format() {
        return format;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        server.opened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        if (!admit()) {
            return;
        }
        if (format != WireFormat.JSON) {
            send(SignalFrames.error(ErrorCodes.MALFORMED,
                    "text frame on a " + format.subprotocol() + " connection: send binary protobuf frames", null));
            return;
        }
        try {
            server.handle(this, JsonFrameCodec.INSTANCE.decodeSignalingText(text));
        } catch (ProtocolException e) {
            decodeFailed(e);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        if (!admit()) {
            return;
        }
        try {
            // a JSON connection may also send its UTF-8 JSON as binary frames: same codec either way
            server.handle(this, codec.decodeSignaling(bytes));
        } catch (ProtocolException e) {
            decodeFailed(e);
        }
    }

    private void decodeFailed(ProtocolException e) {
        LOG.debug("undecodable frame from {}: {}", this, e.getMessage());
        send(SignalFrames.error(e.code().wireCode(), e.getMessage(), null));
    }

    /** Liveness bookkeeping and the rate limit; false if the frame must be dropped. */
    private boolean admit() {
        long now = System.nanoTime();
        lastHeardNanos = now;
        if (bucket.tryAcquire(now)) {
            return true;
        }
        if (now - lastDropNanos > SECOND) {
            limitedSinceNanos = now; // a new streak of excess traffic begins
        }
        lastDropNanos = now;
        if (now - limitedSinceNanos >= settings.rateLimitCloseAfter().toNanos()) {
            LOG.warn("closing {}: over {} frames/s for {}", this, settings.maxFramesPerSecond(),
                    settings.rateLimitCloseAfter());
            close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded for " + settings.rateLimitCloseAfter().toMillis()
                    + " ms");
            return false;
        }
        if (now - lastRateErrorNanos >= SECOND) {
            lastRateErrorNanos = now;
            send(SignalFrames.error(ErrorCodes.RATE_LIMITED, "more than " + settings.maxFramesPerSecond()
                    + " frames per second; excess frames are dropped", null));
        }
        return false;
    }

    /** Queues a frame in this connection's codec. Never blocks; a failed or overflowing write closes the connection. */
    void send(SignalingFrame frame) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        pendingWrites.add(System.nanoTime());
        Callback cb = Callback.from(pendingWrites::poll, failure -> {
            pendingWrites.poll();
            if (s.isOpen()) {
                LOG.info("write to {} failed ({}); dropping the connection", this, failure.toString());
                abort("write failed: " + failure);
            }
        });
        try {
            if (format == WireFormat.JSON) {
                s.sendText(new String(codec.encodeSignaling(frame), StandardCharsets.UTF_8), cb);
            } else {
                s.sendBinary(ByteBuffer.wrap(codec.encodeSignaling(frame)), cb);
            }
        } catch (RuntimeException e) {
            cb.fail(e);
        }
    }

    /** How long the oldest unfinished write has been waiting, in nanos (0 if none). */
    long oldestPendingWriteAge(long nowNanos) {
        Long head = pendingWrites.peek();
        return head == null ? 0 : nowNanos - head;
    }

    void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /** Sends a close frame (if the socket still takes one). */
    void close(int code, String reason) {
        Session s = session;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /** Same as {@link #close} but with a completion hook, for graceful shutdown. */
    void close(int code, String reason, Runnable done) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            done.run();
            return;
        }
        s.close(code, reason, Callback.from(done, x -> done.run()));
    }

    /** Set when the server dropped this connection for silence; touched only by the server's ticker. */
    boolean dropRequested;

    /** Drops the TCP connection without a close handshake (the peer is not reading anyway). */
    void abort(String reason) {
        Session s = session;
        LOG.debug("aborting {}: {}", this, reason);
        if (s != null) {
            s.disconnect();
        }
        ended(reason);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ended(statusCode + " " + reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("websocket error on {}: {}", this, cause.toString());
        ended("error: " + cause);
    }

    private void ended(String reason) {
        if (ended.compareAndSet(false, true)) {
            server.closed(this, reason);
        }
    }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !ended.get();
    }

    @Override
    public String toString() {
        PeerRecord p = peer;
        Session s = session;
        return "connection[" + (p == null ? "unregistered" : p.peerId()) + " "
                + (s == null ? "?" : s.getRemoteSocketAddress()) + " " + format.subprotocol() + "]";
    }
}
