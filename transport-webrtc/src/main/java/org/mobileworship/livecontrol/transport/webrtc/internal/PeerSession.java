package org.mobileworship.livecontrol.transport.webrtc.internal;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection with its {@code live-control} data channel, to one remote peer.
 *
 * <p>Threading: every method not marked otherwise runs on the transport's control thread, which owns the
 * native objects. webrtc callbacks only copy what they need and hop to the control thread, so a webrtc
 * thread never waits for ours (no deadlock) and no native object is touched after it was disposed.
 * {@link #nativeSend} runs on the link's sender thread and shares {@link #nativeLock} with disposal.
 *
 * <p>Why one class of this size: it is the lifecycle of one set of native objects (peer connection, data
 * channel, their observers) from offer to disposal, and the rule that makes it safe — no native call after
 * disposal, every callback re-checked on the control thread — has to hold across all of its states; the SDP and
 * identity checks ({@code SdpCheck}, {@code SdpIdentity}) and the link ({@code WebRtcLink}) live elsewhere.
 */
final class PeerSession {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
    private static final int MAX_PENDING_CANDIDATES = 256;

    private final WebRtcTransport transport;
    final PeerId remote;
    final boolean initiator;
    private final long startedNanos = System.nanoTime();
    /**
     * Send vs dispose. A lock object, not a monitor: a data-channel callback thread (libwebrtc's signaling
     * thread) sending its own answer only ever tries it, because disposal holds it while calling into that same
     * thread.
     */
    private final ReentrantLock nativeLock = new ReentrantLock();
    /** Set while a data-channel callback of any session runs on this thread (a libwebrtc thread). */
    private static final ThreadLocal<Boolean> IN_CALLBACK = new ThreadLocal<>();

    /**
     * Completed with the link when the channel opens (initiator only); a new one for each link a kept connection
     * carries ({@link #reopen}). Replaced on the control thread only.
     */
    CompletableFuture<Link> opened = new CompletableFuture<>();

    private RTCPeerConnection pc;
    private RTCDataChannel channel; // guarded by nativeLock for send vs dispose
    private boolean disposed; // guarded by nativeLock
    private WebRtcLink link;
    private volatile LinkState state = LinkState.NEW;
    private boolean closed;
    private boolean reported;
    private boolean remoteDescriptionSet;
    private boolean localDescriptionSent;
    private String remoteSessionId;
    private final List<RTCIceCandidate> pendingRemote = new ArrayList<>();
    private final List<RTCIceCandidate> pendingLocal = new ArrayList<>();
    private ScheduledFuture<?> openTimeout;
    private ScheduledFuture<?> disconnectedTimer;
    /**
     * Between links: the link ended but the peer connection is still connected, so it is kept for the next link
     * to this peer (a new data channel on it) instead of being closed. webrtc-java 0.14 never frees a closed
     * peer connection (~150-200 KiB of native memory each), so a link that drops and reconnects must not cost
     * one. Kept at most {@link #IDLE_LIFETIME}.
     */
    private boolean idle;
    private ScheduledFuture<?> idleTimer;
    private RTCPeerConnectionState connectionState;
    static final Duration IDLE_LIFETIME = Duration.ofSeconds(30);
    /**
     * How long a new channel on a kept connection may take to open before the connection is taken as dead and
     * replaced (a channel on a live connection opens in milliseconds; measured ≈2.5 ms per reconnect in one JVM).
     */
    static final Duration REOPEN_TIMEOUT = Duration.ofSeconds(1);
    private Runnable onRemoteOfferAccepted; // control thread only

    PeerSession(WebRtcTransport transport, PeerId remote, boolean initiator) {
        this.transport = transport;
        this.remote = remote;
        this.initiator = initiator;
    }

    LinkState state() {
        return state;
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ set-up

    /**
     * Controller side: peer connection, data channel, offer. The channel's protocol names {@code encoding},
     * which the caller chose from what the display declared it speaks.
     */
    void startAsInitiator(LinkEncoding encoding) {
        createPeerConnection();
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true; // reliable: no maxRetransmits / maxPacketLifeTime
        init.protocol = (encoding == LinkEncoding.PROTOBUF ? WireFormat.PROTOBUF : WireFormat.JSON).subprotocol();
        RTCDataChannel dc = pc.createDataChannel(transport.settings().channelLabel(), init);
        attachChannel(dc, encoding);
        createAndSendOffer(false);
    }

    /** Display side: a fresh peer connection for {@code offerSdp}. */
    void startAsResponder(String offerSdp) {
        createPeerConnection();
        applyOffer(offerSdp);
    }

    private void createPeerConnection() {
        setState(LinkState.CONNECTING);
        pc = transport.factory().createPeerConnection(transport.rtcConfiguration(), new Observer());
        if (pc == null) {
            throw new TransportException("webrtc-java returned no peer connection for " + remote);
        }
        transport.peerConnectionCreated();
        Duration t = transport.settings().iceTimeout();
        openTimeout = transport.schedule(t, this::onOpenTimeout);
    }

    private void createAndSendOffer(boolean iceRestart) {
        RTCOfferOptions options = new RTCOfferOptions();
        options.iceRestart = iceRestart;
        pc.createOffer(options, new CreateObserver("create offer", desc ->
                pc.setLocalDescription(desc, new SetObserver("set local offer", () -> {
                    transport.sendSignal(remote, new Signal.Offer(transport.signSdp(desc.sdp, "offer", remote)));
                    localDescriptionSent = true;
                    flushLocalCandidates();
                }))));
    }

    /** Runs once, on the control thread, when libwebrtc has accepted this session's first remote offer. */
    void onRemoteOfferAccepted(Runnable hook) {
        this.onRemoteOfferAccepted = hook;
    }

    /** An offer for this session: the first one, or a renegotiation (ICE restart) of the same remote session. */
    void applyOffer(String sdp) {
        remoteSessionId = originSessionId(sdp);
        remoteDescriptionSet = false;
        localDescriptionSent = false;
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp),
                new SetObserver("set remote offer", () -> {
                    Runnable accepted = onRemoteOfferAccepted;
                    onRemoteOfferAccepted = null;
                    if (accepted != null) {
                        accepted.run();
                    }
                    remoteDescriptionSet = true;
                    flushRemoteCandidates();
                    pc.createAnswer(new RTCAnswerOptions(), new CreateObserver("create answer", desc ->
                            pc.setLocalDescription(desc, new SetObserver("set local answer", () -> {
                                transport.sendSignal(remote, new Signal.Answer(
                                        transport.signSdp(desc.sdp, "answer", remote)));
                                localDescriptionSent = true;
                                flushLocalCandidates();
                            }))));
                }));
    }

    void applyAnswer(String sdp) {
        if (pc.getSignalingState() != RTCSignalingState.HAVE_LOCAL_OFFER) {
            LOG.warn("ignoring an answer from {}: no offer outstanding (signaling state {})", remote,
                    pc.getSignalingState());
            return;
        }
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp),
                new SetObserver("set remote answer", () -> {
                    remoteDescriptionSet = true;
                    flushRemoteCandidates();
                }));
    }

    /** A trickled candidate; queued until the remote description is set (it would be rejected before). */
    void addRemoteCandidate(Signal.IceCandidate c) {
        if (c.candidate().isBlank()) {
            return; // end-of-candidates marker from browsers
        }
        RTCIceCandidate candidate = new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate());
        if (!remoteDescriptionSet) {
            if (pendingRemote.size() >= MAX_PENDING_CANDIDATES) {
                LOG.warn("dropping ICE candidate from {}: {} already queued before the remote description",
                        remote, MAX_PENDING_CANDIDATES);
                return;
            }
            pendingRemote.add(candidate);
            return;
        }
        addCandidateNow(candidate);
    }

    private void flushRemoteCandidates() {
        List<RTCIceCandidate> queued = new ArrayList<>(pendingRemote);
        pendingRemote.clear();
        queued.forEach(this::addCandidateNow);
    }

    private void addCandidateNow(RTCIceCandidate candidate) {
        try {
            pc.addIceCandidate(candidate);
        } catch (Throwable t) {
            LOG.warn("ICE candidate from {} refused: {} ({})", remote, t.getMessage(), candidate.sdp);
        }
    }

    private void onLocalCandidate(RTCIceCandidate c) {
        if (!localDescriptionSent) {
            pendingLocal.add(c); // the offer/answer must reach the peer first
            return;
        }
        transport.sendSignal(remote, new Signal.IceCandidate(c.sdp, c.sdpMid == null ? "" : c.sdpMid,
                c.sdpMLineIndex));
    }

    private void flushLocalCandidates() {
        List<RTCIceCandidate> queued = new ArrayList<>(pendingLocal);
        pendingLocal.clear();
        queued.forEach(this::onLocalCandidate);
    }

    /** ICE restart after a network change (initiator only; the display answers the new offer). */
    void restartIce() {
        restartIce("a network change");
    }

    private void restartIce(String why) {
        if (!initiator || closed || !remoteDescriptionSet) {
            return;
        }
        LOG.info("restarting ICE towards {} after {}", remote, why);
        remoteDescriptionSet = false; // new-generation candidates wait for the new answer
        localDescriptionSent = false;
        pc.restartIce();
        createAndSendOffer(true);
    }

    // ------------------------------------------------------------------ channel

    private void attachChannel(RTCDataChannel dc, LinkEncoding encoding) {
        WebRtcLink next = new WebRtcLink(this, remote, encoding, transport.settings().maxQueuedFrames(),
                transport.pool());
        nativeLock.lock();
        try {
            channel = dc;
            link = next; // under the lock: senders compare their link with it (trySend)
        } finally {
            nativeLock.unlock();
        }
        dc.registerObserver(new ChannelObserver(dc));
        onChannelStateChange(dc); // the channel may already be open when handed to us
    }

    private void onRemoteChannel(RTCDataChannel dc) {
        String label = safeGet(dc::getLabel, "?");
        if (!closed && !initiator && channel != null && reported && transport.settings().channelLabel().equals(label)
                && connectionState == RTCPeerConnectionState.CONNECTED) {
            // the controller opens a new channel on this connection only once its last link ended; the close of
            // the old channel may simply not have reached this side yet
            endLink("the controller opened a new data channel on this connection");
        }
        if (closed || initiator || channel != null || !transport.settings().channelLabel().equals(label)) {
            LOG.warn("refusing data channel '{}' from {}: expected one '{}' channel opened by the controller",
                    label, remote, transport.settings().channelLabel());
            disposeChannel(dc);
            return;
        }
        String protocol = safeGet(dc::getProtocol, "");
        LinkEncoding encoding;
        if (protocol == null || protocol.isEmpty() || protocol.equals(WireFormat.JSON.subprotocol())) {
            encoding = LinkEncoding.JSON;
        } else if (protocol.equals(WireFormat.PROTOBUF.subprotocol())) {
            encoding = LinkEncoding.PROTOBUF;
        } else {
            LOG.warn("refusing data channel from {}: unsupported protocol '{}' (expected {} or {})", remote,
                    protocol, WireFormat.PROTOBUF.subprotocol(), WireFormat.JSON.subprotocol());
            disposeChannel(dc);
            close("unsupported data-channel protocol '" + protocol + "'");
            return;
        }
        endIdle();
        attachChannel(dc, encoding);
    }

    private void onChannelStateChange(RTCDataChannel dc) {
        if (closed || dc != channel) {
            return;
        }
        RTCDataChannelState s = safeGet(dc::getState, RTCDataChannelState.CLOSED);
        if (s == RTCDataChannelState.OPEN) {
            onChannelOpen();
        } else if (s == RTCDataChannelState.CLOSING || s == RTCDataChannelState.CLOSED) {
            if (reported) {
                endLink("the data channel to " + remote + " was closed by the remote peer");
            } else {
                close("the data channel to " + remote + " closed before it opened");
            }
        }
    }

    private void onChannelOpen() {
        if (reported) {
            return;
        }
        reported = true;
        cancel(openTimeout);
        setState(LinkState.CONNECTED);
        LOG.info("webrtc link to {} open after {} ms ({}, {})", remote,
                (System.nanoTime() - startedNanos) / 1_000_000, initiator ? "initiator" : "responder",
                link.encoding());
        requestStats();
        if (initiator) {
            transport.pool().execute(() -> opened.complete(link));
        } else {
            transport.reportIncoming(link);
        }
    }

    /** Outcome of a native send. */
    enum SendResult { SENT, FAILED, BUSY }

    /**
     * Called on the link's sender (never the node loop). Returns whether the frame was handed to the channel.
     * On a data-channel callback thread it never waits for the lock (see {@link #nativeLock}): a send that
     * finds it held is dropped like one after disposal (the runtime's retries cover both).
     */
    boolean nativeSend(WebRtcLink from, byte[] frame, boolean binary) {
        return trySend(from, frame, binary, IN_CALLBACK.get() == null) == SendResult.SENT;
    }

    /**
     * Sends from a data-channel callback thread (the answer to the frame it is delivering): never waits for the
     * lock; {@link SendResult#BUSY} when disposal holds it, and the caller queues the frame for its sender.
     */
    SendResult sendFromCallback(WebRtcLink from, byte[] frame, boolean binary) {
        return trySend(from, frame, binary, false);
    }

    private SendResult trySend(WebRtcLink from, byte[] frame, boolean binary, boolean mayWait) {
        if (mayWait) {
            nativeLock.lock();
        } else if (!nativeLock.tryLock()) {
            return SendResult.BUSY;
        }
        try {
            if (disposed || channel == null || from != link) {
                return SendResult.FAILED; // an ended link's frame never goes into the next link's channel
            }
            try {
                channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(frame), binary));
                return SendResult.SENT;
            } catch (Throwable t) {
                LOG.warn("send to {} failed: {}", remote, t.toString());
            }
        } finally {
            nativeLock.unlock();
        }
        transport.onControl(() -> {
            if (from == link) {
                close("sending to " + remote + " failed");
            }
        });
        return SendResult.FAILED;
    }

    // ------------------------------------------------------------------ state

    private void onConnectionState(RTCPeerConnectionState s) {
        if (closed) {
            return;
        }
        connectionState = s;
        if (idle && s != RTCPeerConnectionState.CONNECTED && s != RTCPeerConnectionState.CONNECTING) {
            close("the kept connection to " + remote + " went " + s.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        switch (s) {
            case CONNECTED -> {
                cancel(disconnectedTimer);
                disconnectedTimer = null;
                if (reported) {
                    setState(LinkState.CONNECTED);
                }
            }
            case DISCONNECTED -> {
                setState(LinkState.DISCONNECTED);
                if (reported && disconnectedTimer == null) {
                    // try to recover in place first (WiFi drop-out, roamed access point, new address on either
                    // side): a link given up costs a new peer connection at both ends on reconnect, and
                    // webrtc-java 0.14 never frees a closed one (~150-200 KiB of native memory each, README).
                    // The controller restarts ICE on this connection; the display answers it as a renegotiation
                    // (same SDP origin). A peer that is really gone never answers: the timer below closes as before.
                    restartIce("ICE went disconnected on an open link");
                    Duration d = transport.settings().disconnectedTimeout();
                    disconnectedTimer = transport.schedule(d, () -> {
                        disconnectedTimer = null;
                        if (state == LinkState.DISCONNECTED) {
                            close("connection to " + remote + " lost: ICE disconnected for "
                                    + WebRtcTransport.format(d));
                        }
                    });
                }
            }
            case FAILED -> {
                setState(LinkState.FAILED);
                close("ICE failed for the connection to " + remote);
            }
            case CLOSED -> close("the peer connection to " + remote + " closed");
            default -> {
            }
        }
    }

    private void onOpenTimeout() {
        if (closed || reported) {
            return;
        }
        String t = WebRtcTransport.format(transport.settings().iceTimeout());
        close(initiator
                ? "ICE timeout after " + t + " connecting to " + remote
                        + "; the runtime will fall back to the relay transport"
                : "ICE timeout after " + t + ": no data channel from " + remote);
    }

    private void setState(LinkState next) {
        LinkState prev = state;
        if (prev == next || prev == LinkState.CLOSED) {
            return;
        }
        state = next;
        LOG.debug("webrtc link to {}: {} -> {} (+{} ms)", remote, prev, next,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    void requestStats() {
        transport.onControl(() -> {
            if (closed || pc == null) {
                return;
            }
            try {
                WebRtcLink l = link;
                pc.getStats(report -> {
                    if (l != null) {
                        l.candidatePairType(StatsParser.selectedPairType(report));
                    }
                });
            } catch (Throwable t) {
                LOG.debug("getStats for {} failed: {}", remote, t.toString());
            }
        });
    }

    // ------------------------------------------------------------------ teardown

    /** Link.close(): the link is closed at once for the caller; natives are freed on the control thread. */
    void closeFromLink(WebRtcLink from) {
        from.sessionClosed("closed locally");
        transport.onControl(() -> {
            if (from == link) {
                endLink("closed locally");
            }
        });
    }

    /**
     * The current link ended (closed locally, or its data channel closed by the peer). If the peer connection is
     * still connected, only the channel is freed and the connection is kept for the next link to this peer
     * ({@link #reopen} on the controller, a new channel from it on the display); otherwise everything is freed.
     */
    private void endLink(String reason) {
        if (closed) {
            return;
        }
        if (!reported || connectionState != RTCPeerConnectionState.CONNECTED || transport.isClosed()) {
            close(reason);
            return;
        }
        cancel(disconnectedTimer);
        disconnectedTimer = null;
        WebRtcLink ended;
        nativeLock.lock();
        try {
            if (channel != null) {
                disposeChannel(channel);
                channel = null;
            }
            ended = link;
            link = null;
        } finally {
            nativeLock.unlock();
        }
        reported = false;
        idle = true;
        idleTimer = transport.schedule(IDLE_LIFETIME, () -> {
            if (idle) {
                close("no new link to " + remote + " within " + WebRtcTransport.format(IDLE_LIFETIME)
                        + " of the last one");
            }
        });
        if (ended != null) {
            ended.sessionClosed(reason);
        }
        LOG.info("webrtc link to {} closed ({}); its connection is kept for the next link", remote, reason);
    }

    /** Whether {@link #reopen} can carry a new link to this peer on the kept connection. */
    boolean canReopen() {
        return idle && !closed && initiator && connectionState == RTCPeerConnectionState.CONNECTED;
    }

    /** Controller side: a new link as a new data channel on the kept connection (no new offer, no ICE). */
    void reopen(LinkEncoding encoding) {
        endIdle();
        opened = new CompletableFuture<>();
        Duration limit = transport.settings().iceTimeout().compareTo(REOPEN_TIMEOUT) < 0
                ? transport.settings().iceTimeout() : REOPEN_TIMEOUT;
        openTimeout = transport.schedule(limit, () -> {
            if (!closed && !reported) {
                close("no new data channel on the kept connection to " + remote + " within "
                        + WebRtcTransport.format(limit));
            }
        });
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        init.protocol = (encoding == LinkEncoding.PROTOBUF ? WireFormat.PROTOBUF : WireFormat.JSON).subprotocol();
        attachChannel(pc.createDataChannel(transport.settings().channelLabel(), init), encoding);
    }

    private void endIdle() {
        idle = false;
        cancel(idleTimer);
        idleTimer = null;
    }

    /**
     * Frees everything, in the order webrtc-java needs: data channel (unregister observer, close, dispose),
     * then the peer connection (close also deletes its native observer). Idempotent.
     */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        idle = false;
        cancel(openTimeout);
        cancel(disconnectedTimer);
        cancel(idleTimer);
        LinkState last = state;
        state = LinkState.CLOSED;
        transport.forget(this);
        nativeLock.lock();
        try {
            disposed = true;
            if (channel != null) {
                disposeChannel(channel);
            }
        } finally {
            nativeLock.unlock();
        }
        if (pc != null) {
            NativeFactory.safeDispose(pc::close, "peer connection");
        }
        LOG.info("webrtc link to {} closed (was {}, {} ms after start): {}", remote, last,
                (System.nanoTime() - startedNanos) / 1_000_000, reason);
        if (link != null) {
            link.sessionClosed(reason);
        }
        if (!opened.isDone()) {
            TransportException e = new TransportException(reason);
            transport.pool().execute(() -> opened.completeExceptionally(e));
        }
    }

    private static void disposeChannel(RTCDataChannel dc) {
        NativeFactory.safeDispose(dc::unregisterObserver, "data channel observer");
        NativeFactory.safeDispose(dc::close, "data channel");
        NativeFactory.safeDispose(dc::dispose, "data channel");
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static <T> T safeGet(java.util.function.Supplier<T> s, T fallback) {
        try {
            return s.get();
        } catch (Throwable t) {
            return fallback;
        }
    }

    /** The SDP origin's session id ({@code o=- <id> <version> ...}): same id = renegotiation. */
    static String originSessionId(String sdp) {
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim(); // the same reading of the line as SdpCheck's
            if (line.startsWith("o=")) {
                String[] parts = line.substring(2).trim().split("\\s+");
                return parts.length > 1 ? parts[1] : null;
            }
        }
        return null;
    }

    String remoteSessionId() {
        return remoteSessionId;
    }

    // ------------------------------------------------------------------ observers (webrtc threads)

    /** Peer connection callbacks: hop to the control thread, never call webrtc from here. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            transport.onControl(() -> {
                if (!closed) {
                    onLocalCandidate(candidate);
                }
            });
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState s) {
            transport.onControl(() -> onConnectionState(s));
        }

        @Override
        public void onDataChannel(RTCDataChannel dc) {
            transport.onControl(() -> onRemoteChannel(dc));
        }
    }

    private final class ChannelObserver implements RTCDataChannelObserver {
        private final RTCDataChannel dc;

        ChannelObserver(RTCDataChannel dc) {
            this.dc = dc;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
        }

        @Override
        public void onStateChange() {
            transport.onControl(() -> onChannelStateChange(dc));
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            // the native buffer is only valid during this call: copy it
            ByteBuffer data = buffer.data;
            byte[] frame = new byte[data.remaining()];
            data.get(frame);
            WebRtcLink l = link;
            if (l != null) {
                IN_CALLBACK.set(Boolean.TRUE);
                try {
                    l.received(frame);
                } finally {
                    IN_CALLBACK.remove();
                }
            }
        }
    }

    private final class CreateObserver implements CreateSessionDescriptionObserver {
        private final String what;
        private final Consumer<RTCSessionDescription> next;

        CreateObserver(String what, Consumer<RTCSessionDescription> next) {
            this.what = what;
            this.next = next;
        }

        @Override
        public void onSuccess(RTCSessionDescription description) {
            transport.onControl(() -> {
                if (!closed) {
                    next.accept(description);
                }
            });
        }

        @Override
        public void onFailure(String error) {
            transport.onControl(() -> close(what + " for " + remote + " failed: " + error));
        }
    }

    private final class SetObserver implements SetSessionDescriptionObserver {
        private final String what;
        private final Runnable next;

        SetObserver(String what, Runnable next) {
            this.what = what;
            this.next = next;
        }

        @Override
        public void onSuccess() {
            transport.onControl(() -> {
                if (!closed) {
                    next.run();
                }
            });
        }

        @Override
        public void onFailure(String error) {
            transport.onControl(() -> close(what + " for " + remote + " failed: " + error));
        }
    }
}
