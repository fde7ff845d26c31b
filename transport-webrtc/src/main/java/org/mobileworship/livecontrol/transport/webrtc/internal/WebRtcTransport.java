package org.mobileworship.livecontrol.transport.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC transport of one node: one shared {@link PeerConnectionFactory}, one {@link PeerSession} per
 * remote peer. A single control thread owns every native object; see {@link PeerSession} for the rules.
 */
public final class WebRtcTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TransportContext context;
    private final WebRtcSettings settings;
    private final NativeFactory nativeFactory;
    private final ExecutorService control;
    private final ThreadPoolExecutor pool;
    private final Map<PeerId, PeerSession> sessions = new HashMap<>(); // control thread only
    /**
     * Responder sessions for a restarted peer's offer, while libwebrtc applies it: the peer's current session
     * keeps serving until the new offer is accepted, so an offer libwebrtc refuses never costs a working link.
     * Control thread only.
     */
    private final Map<PeerId, PeerSession> replacing = new HashMap<>();
    private volatile TransportListener listener;
    private volatile boolean closed;

    public WebRtcTransport(TransportContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = WebRtcSettings.from(context.config());
        int n = INSTANCES.incrementAndGet();
        this.nativeFactory = NativeFactory.create();
        // One thread at a time, tasks in order (the confinement PeerSession relies on); the thread leaves after
        // 10 s without control work (an established link needs none: cues go through the link's send queue and
        // the io pool) and the next task starts a new one, the queue carrying the happens-before between them.
        ThreadPoolExecutor controlThread = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreadFactory.forNode(context.localId(), "livecontrol-webrtc-control"));
        controlThread.allowCoreThreadTimeOut(true);
        this.control = controlThread;
        // senders and listener deliveries; idle threads go away quickly so closed links leave nothing behind
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreadFactory.forNode(context.localId(), "livecontrol-webrtc-io"));
        LOG.debug("webrtc transport {} created for {} (ice servers {}, ice timeout {})", n, context.localId(),
                settings.iceServerUrls(), format(settings.iceTimeout()));
    }

    @Override
    public String name() {
        return "webrtc";
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        return connect(remote, LinkEncoding.PROTOBUF);
    }

    /** Binary protobuf when the display declared it, else the seed's JSON (what every peer reads). */
    @Override
    public CompletionStage<Link> connect(PeerInfo remote) {
        return connect(remote.id(), remote.speaks(LinkEncoding.PROTOBUF) ? LinkEncoding.PROTOBUF : LinkEncoding.JSON);
    }

    private CompletionStage<Link> connect(PeerId remote, LinkEncoding encoding) {
        Objects.requireNonNull(remote, "remote");
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("webrtc transport is closed; cannot connect to " + remote));
        }
        if (remote.equals(context.localId())) {
            return CompletableFuture.failedFuture(new TransportException("cannot open a webrtc link to this node itself (" + remote + ")"));
        }
        CompletableFuture<Link> result = new CompletableFuture<>();
        onControl(() -> {
            PeerSession old = sessions.get(remote);
            if (old != null && old.canReopen()) {
                // the last link to this peer ended but its connection is still up: a new channel on it, so a
                // link that drops and reconnects costs no new (never freed) native peer connection. If the kept
                // connection turns out dead (the peer closed it or restarted, and ICE has not noticed yet), the
                // channel does not open within PeerSession.REOPEN_TIMEOUT and a fresh connection is opened
                // for this same connect()
                try {
                    old.reopen(encoding);
                } catch (Throwable t) {
                    LOG.warn("a new link on the kept connection to {} failed", remote, t);
                    old.close("a new link on the kept connection to " + remote + " failed: " + t);
                }
                old.opened.whenComplete((link, err) -> {
                    if (err == null) {
                        result.complete(link);
                    } else {
                        LOG.info("the kept connection to {} did not carry a new link ({}); opening a new one",
                                remote, err.getMessage());
                        onControl(() -> openFresh(remote, encoding, result));
                    }
                });
                return;
            }
            openFresh(remote, encoding, result);
        });
        if (closed) { // raced with close(): the task may never run
            result.completeExceptionally(new TransportException("webrtc transport is closed; cannot connect to " + remote));
        }
        return result;
    }

    /** A new peer connection and offer for {@code connect()} (control thread). */
    private void openFresh(PeerId remote, LinkEncoding encoding, CompletableFuture<Link> result) {
        if (closed) {
            result.completeExceptionally(new TransportException("webrtc transport is closed; cannot connect to "
                    + remote));
            return;
        }
        PeerSession old = sessions.get(remote);
        if (old != null) {
            old.close("replaced by a new connect() to " + remote);
        }
        PeerSession session = new PeerSession(this, remote, true);
        sessions.put(remote, session);
        session.opened.whenComplete((link, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else {
                result.complete(link);
            }
        });
        try {
            session.startAsInitiator(encoding);
        } catch (Throwable t) {
            LOG.warn("opening a webrtc connection to {} failed", remote, t);
            session.close("opening a webrtc connection to " + remote + " failed: " + t);
        }
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        if (closed || from == null || signal == null) {
            return;
        }
        if (signal instanceof Signal.Offer o) {
            onControl(() -> handleOffer(from, o.sdp()));
        } else if (signal instanceof Signal.Answer a) {
            onControl(() -> {
                PeerSession s = sessions.get(from);
                if (s == null || !s.initiator) {
                    LOG.debug("ignoring an answer from {}: no connection initiated to it", from);
                    return;
                }
                String sdp;
                try {
                    sdp = SdpIdentity.verify(a.sdp(), "answer", from, context.localId());
                } catch (TransportException e) {
                    LOG.warn("{}", e.getMessage());
                    s.close(e.getMessage());
                    return;
                }
                try {
                    s.applyAnswer(sdp);
                } catch (Throwable t) {
                    s.close("the answer from " + from + " was refused: " + t.getMessage());
                }
            });
        } else if (signal instanceof Signal.IceCandidate c) {
            onControl(() -> {
                // a restarted peer trickles candidates for its new offer, not for the session it left behind
                PeerSession s = replacing.containsKey(from) ? replacing.get(from) : sessions.get(from);
                if (s == null) {
                    LOG.debug("ignoring an ICE candidate from {}: no connection to it", from);
                    return;
                }
                s.addRemoteCandidate(c);
            });
        }
        // Relay belongs to the fallback transport
    }

    /**
     * An offer either renegotiates the current session, or replaces it (the peer restarted), or is refused.
     * It is checked first: a key-bound peer's offer must carry a valid signature of its DTLS fingerprint
     * (SdpIdentity), and an offer this transport cannot use (another transport's handshake, garbage, an
     * offer without a data channel) is refused on its own; neither ever touches a healthy session.
     */
    private void handleOffer(PeerId from, String signedSdp) {
        String sdp;
        try {
            sdp = SdpIdentity.verify(signedSdp, "offer", from, context.localId());
        } catch (TransportException e) {
            // not answered: the offerer's connect fails by its ICE timeout; this side says why
            LOG.warn("{}", e.getMessage());
            return;
        }
        String problem = SdpCheck.offerProblem(sdp);
        if (problem != null) {
            PeerSession current = sessions.get(from);
            LOG.warn("ignoring an offer from {} that this transport cannot use ({}); {}", from, problem,
                    current == null ? "no webrtc session with it" : "its webrtc session is left as it is");
            return;
        }
        PeerSession existing = sessions.get(from);
        String sessionId = PeerSession.originSessionId(sdp);
        if (existing != null && !existing.initiator && sessionId != null
                && sessionId.equals(existing.remoteSessionId())) {
            LOG.debug("renegotiation (ICE restart) offer from {}", from);
            try {
                existing.applyOffer(sdp);
            } catch (Throwable t) {
                existing.close("the renegotiation offer from " + from + " was refused: " + t.getMessage());
            }
            return;
        }
        PeerSession session = new PeerSession(this, from, false);
        if (existing == null) {
            sessions.put(from, session);
        } else {
            // the peer restarted (new SDP session): the old session serves until libwebrtc accepted the new offer
            PeerSession superseded = replacing.put(from, session);
            if (superseded != null) {
                superseded.close("superseded by a newer offer from " + from);
            }
            session.onRemoteOfferAccepted(() -> {
                if (replacing.remove(from, session)) {
                    PeerSession old = sessions.put(from, session);
                    if (old != null && old != session) {
                        old.close("peer " + from + " sent a new offer (restarted): it replaces the old connection");
                    }
                }
            });
        }
        try {
            session.startAsResponder(sdp);
        } catch (Throwable t) {
            LOG.warn("the offer from {} was refused: {}", from, t.getMessage());
            session.close("the offer from " + from + " was refused: " + t.getMessage());
        }
    }

    @Override
    public void signalingChanged(boolean connected) {
        // P2P links do not depend on the leader: nothing to do for open links.
        LOG.debug("signaling {}; open webrtc links are unaffected", connected ? "connected" : "disconnected");
    }

    @Override
    public void networkChanged() {
        onControl(() -> new ArrayList<>(sessions.values()).forEach(s -> {
            try {
                s.restartIce();
            } catch (Throwable t) {
                s.close("ICE restart towards " + s.remote + " failed: " + t.getMessage());
            }
        }));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            control.execute(() -> {
                try {
                    new ArrayList<>(replacing.values()).forEach(s -> s.close("webrtc transport closed"));
                    new ArrayList<>(sessions.values()).forEach(s -> s.close("webrtc transport closed"));
                } finally {
                    nativeFactory.dispose(); // last: after every peer connection is closed
                    done.complete(null);
                }
            });
            done.get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("webrtc transport close did not finish within 15 s; native objects may leak");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("webrtc transport close failed", e);
        }
        control.shutdown();
        pool.shutdown(); // queued closed() callbacks still run
    }

    /** Open sessions, for tests and diagnostics. */
    public int sessionCount() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        onControl(() -> f.complete(sessions.size()));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Offers of restarted peers still being applied while their old session serves, for tests and diagnostics. */
    public int pendingReplacementCount() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        onControl(() -> f.complete(replacing.size()));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ for sessions

    WebRtcSettings settings() {
        return settings;
    }

    PeerConnectionFactory factory() {
        return nativeFactory.factory();
    }

    ThreadPoolExecutor pool() {
        return pool;
    }

    RTCConfiguration rtcConfiguration() {
        RTCConfiguration c = new RTCConfiguration();
        c.iceServers.addAll(settings.toIceServers());
        return c;
    }

    void onControl(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.warn("webrtc control task failed", t);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("webrtc transport closed; dropping a late callback");
        }
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return context.scheduler().schedule(() -> onControl(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Signs the DTLS fingerprints of an SDP this node sends with its device key (if it has one). */
    String signSdp(String sdp, String kind, PeerId to) {
        return SdpIdentity.sign(sdp, kind, context.localId(), to, context.deviceKey().orElse(null));
    }

    void sendSignal(PeerId to, Signal signal) {
        try {
            context.signaling().send(to, signal).whenComplete((v, err) -> {
                if (err != null) {
                    LOG.debug("signal {} to {} not sent: {}", signal.getClass().getSimpleName(), to, err.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("signal {} to {} not sent: {}", signal.getClass().getSimpleName(), to, e.toString());
        }
    }

    boolean isClosed() {
        return closed;
    }

    private final java.util.concurrent.atomic.AtomicInteger peerConnectionsCreated = new java.util.concurrent.atomic.AtomicInteger();

    /** Native peer connections this transport has created so far (diagnostics: each costs native memory). */
    public int peerConnectionsCreated() {
        return peerConnectionsCreated.get();
    }

    void peerConnectionCreated() {
        peerConnectionsCreated.incrementAndGet();
    }

    void forget(PeerSession s) {
        sessions.remove(s.remote, s);
        replacing.remove(s.remote, s);
    }

    void reportIncoming(Link link) {
        TransportListener l = listener;
        if (l == null) {
            LOG.warn("incoming webrtc link from {} but start() was not called; closing it", link.remote());
            link.close();
            return;
        }
        pool.execute(() -> {
            try {
                l.incomingLink(link);
            } catch (RuntimeException e) {
                LOG.warn("incomingLink listener threw", e);
            }
        });
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
