package org.mobileworship.livecontrol.signaling.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.Heartbeat;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.Register;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's connection to the leader's signaling server over Jetty's WebSocketClient, speaking binary
 * protobuf. One small Jetty thread pool per client serves WebSocket, HTTP probes and listener callbacks.
 *
 * <p>Why one class of this size: the client's connection state machine (connect, challenge, register,
 * heartbeat, reconnect, leave) and the frame decoding for it run under the same per-connection confinement, and
 * its inner {@code Connection} carries most of the lines; the HTTP probe is the one part that could move out.
 */
public final class JettySignalingClient implements SignalingClient {
    private static final Logger LOG = LoggerFactory.getLogger(JettySignalingClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SignalingListener NO_LISTENER = new SignalingListener() {
        @Override
        public void peerList(List<PeerInfo> peers) {
        }

        @Override
        public void signal(PeerId from, Signal signal) {
        }

        @Override
        public void error(String code, String message, PeerId target) {
        }

        @Override
        public void disconnected(String reason) {
        }
    };

    private final SignalingSettings settings;
    private final ScheduledExecutorService scheduler;
    /**
     * Tokens by server endpoint: each server issues its own, so a node that moved to another leader (e.g.
     * during a partition) and comes back presents the token the original server knows.
     */
    private final Map<InetSocketAddress, String> tokens = new ConcurrentHashMap<>();
    private volatile SignalingListener listener = NO_LISTENER;
    private HttpClient http;
    private WebSocketClient ws;
    private SerialExecutor events;
    private Connection current;
    private boolean closed;

    /** The room's trust list this device holds: carried at registration, updated from the leader; or null. */
    private final org.mobileworship.livecontrol.api.spi.signaling.RoomTrust trust;

    public JettySignalingClient(SignalingSettings settings, ScheduledExecutorService scheduler) {
        this(settings, scheduler, null);
    }

    public JettySignalingClient(SignalingSettings settings, ScheduledExecutorService scheduler,
                                org.mobileworship.livecontrol.api.spi.signaling.RoomTrust trust) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.trust = trust;
    }

    @Override
    public void setListener(SignalingListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /** Starts Jetty lazily: creating a client (e.g. on a node that never connects) costs no threads. */
    private synchronized void ensureStarted() {
        if (closed) {
            throw new SignalingException(ErrorKind.IO, "signaling client is closed");
        }
        if (ws != null) {
            return;
        }
        // One pool for everything this client does (it replaces the client's and the WebSocket's pools and
        // Jetty's scheduler thread). What runs on it: the selector (one thread for as long as the client runs),
        // the reads of the WebSocket (Jetty dispatches a readable connection to a pool thread, which decodes the
        // frame and hands listener work to `events`), the listener callbacks (`events`, serial: one thread at a
        // time), and HTTP probe and leader-notice responses. Min 3 = selector + reader + listener: a frame, and
        // the listener call it causes (a relayed cue), never wait for a thread to start, and a listener
        // callback that blocks holds its own thread, never the one reading the next frame. Max 8 (the two pools
        // this replaces had 4 + 4) leaves room for probes during a burst. Idle 3 s: Jetty evicts an extra thread
        // only after it waited that long for a job, and idle threads take jobs in turn, so with a longer
        // timeout the heartbeat acks (every 2 s by default) alone would keep every thread a burst created.
        // One reserved thread: when a frame is readable the selector thread reads it itself and the reserved
        // thread takes over selecting (Jetty's execute-produce-consume); with none, every read was handed to a
        // woken pool thread — one more wake-up per relayed frame, 1.86x -> 1.18x a plain hub's round trip
        // (benchmarks/README.md, "Relay: one wake-up per read"). It is one of the three minimum threads.
        QueuedThreadPool pool = new QueuedThreadPool(8, 3, 3_000);
        pool.setName("livecontrol-signaling-client");
        pool.setDaemon(true);
        pool.setReservedThreads(1);
        HttpClient h = new HttpClient();
        h.setExecutor(pool);
        // Jetty's timeouts (connect, idle) run on the node's plugin timers instead of a scheduler thread of
        // their own: they are short and do not block, which is the plugin scheduler's contract. This scheduler
        // never shuts the node's executor down; the runtime does, after closing this client.
        h.setScheduler(new ScheduledExecutorScheduler(scheduler));
        h.setConnectTimeout(settings.connectTimeout().toMillis());
        h.setIdleTimeout(settings.idleTimeout().toMillis());
        WebSocketClient w = null;
        try {
            h.start();
            // created after the HttpClient started, the WebSocketClient takes the HttpClient's executor and buffer
            // pool instead of making its own "WebSocket" pool
            w = new WebSocketClient(h);
            w.setIdleTimeout(settings.idleTimeout());
            w.setMaxTextMessageSize(settings.maxFrameBytes());
            w.setMaxBinaryMessageSize(settings.maxFrameBytes());
            w.setMaxFrameSize(settings.maxFrameBytes());
            w.setStopAtShutdown(false);
            w.start();
        } catch (Exception e) {
            stopQuietly(w, h);
            throw new SignalingException(ErrorKind.IO, "cannot start the signaling client: " + e.getMessage(), e);
        }
        http = h;
        ws = w;
        events = new SerialExecutor(pool, "signaling-client-events", SerialExecutor.OnRejection.RUN_ON_CALLER);
    }

    @Override
    public CompletionStage<Void> connect(InetSocketAddress endpoint, Registration self) {
        Connection conn;
        try {
            ensureStarted();
            synchronized (this) {
                if (current != null) {
                    current.leave("connecting to " + endpoint);
                }
                conn = new Connection(endpoint, self);
                current = conn;
            }
            ClientUpgradeRequest req = new ClientUpgradeRequest();
            req.setSubProtocols(WireFormat.PROTOBUF.subprotocol());
            req.setTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ws.connect(conn, uri("ws", endpoint, JettySignalingServer.PATH), req).whenComplete((s, x) -> {
                if (x != null) {
                    conn.fail(new SignalingException(ErrorKind.IO, "cannot open a WebSocket to " + endpoint + ": "
                            + rootMessage(x), x));
                }
            });
        } catch (SignalingException e) {
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO, "cannot connect to " + endpoint
                    + ": " + rootMessage(e), e));
        }
        ScheduledFuture<?> timeout = scheduler.schedule(() -> conn.fail(new SignalingException(ErrorKind.IO,
                "no registration confirmation from " + endpoint + " within " + settings.connectTimeout().toMillis()
                        + " ms (livecontrol.signaling.connect-timeout)")),
                settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        conn.registered.whenComplete((v, x) -> timeout.cancel(false));
        // a copy, so callers completing or cancelling it cannot disturb the connection's own state
        return conn.registered.thenApply(v -> v);
    }

    @Override
    public boolean isConnected() {
        Connection c;
        synchronized (this) {
            c = current;
        }
        return c != null && c.isUp();
    }

    @Override
    public CompletionStage<Void> send(PeerId target, Signal signal) {
        Connection c;
        synchronized (this) {
            c = current;
        }
        if (c == null || !c.isUp()) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO,
                    "not connected to a signaling server; cannot send to " + target));
        }
        try {
            byte[] bytes = ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalFrames.toFrame(target, signal));
            if (bytes.length > settings.maxFrameBytes()) {
                return CompletableFuture.failedFuture(new SignalingException(ErrorCodes.TOO_LARGE, "signal of "
                        + bytes.length + " bytes exceeds the limit of " + settings.maxFrameBytes() + " bytes"));
            }
            return c.write(bytes);
        } catch (SignalingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout) {
        return probe(endpoint, timeout, null);
    }

    /** {@code GET /health?challenge=…}: the leader signs the challenge with its device key. */
    @Override
    public CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout,
                                                         String challenge) {
        try {
            ensureStarted();
            var request = http.newRequest(uri("http", endpoint, JettySignalingServer.HEALTH_PATH))
                    .timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (challenge != null) {
                request.param("challenge", challenge);
            }
            return new CompletableResponseListener(request, 4096).send()
                    // 503 with a body naming the leader: serving, its own node not registered yet (a leader
                    // starting up is alive); 503 without one: closing
                    .thenApply(r -> r.getStatus() == 200 || r.getStatus() == 503 ? parseHealth(r.getContentAsString())
                            : Optional.<LeaderHealth>empty())
                    .exceptionally(x -> {
                        LOG.debug("probe of {} failed: {}", endpoint, rootMessage(x));
                        return Optional.empty();
                    })
                    .completeOnTimeout(Optional.empty(), timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debug("probe of {} failed: {}", endpoint, e.toString());
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** {@code POST /leader-notice} to a worse leader (see {@link LeaderNotices}); fire and forget. */
    @Override
    public void tellLeader(InetSocketAddress worseLeader, org.mobileworship.livecontrol.api.spi.discovery.Announcement self) {
        try {
            ensureStarted();
            http.newRequest(uri("http", worseLeader, LeaderNotices.PATH))
                    .method(org.eclipse.jetty.http.HttpMethod.POST)
                    .body(new org.eclipse.jetty.client.StringRequestContent("application/json",
                            LeaderNotices.body(self)))
                    .timeout(2, TimeUnit.SECONDS)
                    .send(result -> {
                        if (result.isFailed() || result.getResponse().getStatus() != 202) {
                            LOG.debug("leader notice to {} not taken: {}", worseLeader, result.isFailed()
                                    ? rootMessage(result.getFailure()) : result.getResponse().getStatus());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("leader notice to {} failed: {}", worseLeader, e.toString());
        }
    }

    static Optional<LeaderHealth> parseHealth(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode id = n.get("leaderId");
            if (id == null || !id.isTextual()) {
                return Optional.empty();
            }
            JsonNode key = n.get("leaderKey");
            JsonNode proof = n.get("leaderProof");
            Optional<LeaderHealth.KeyProof> keyProof = key != null && key.isTextual() && proof != null
                    && proof.isTextual() ? Optional.of(new LeaderHealth.KeyProof(key.asText(), proof.asText()))
                    : Optional.empty();
            return Optional.of(new LeaderHealth(PeerId.of(id.asText()), n.path("term").asLong(),
                    n.path("peers").asInt(), keyProof));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public void disconnect(String reason) {
        Connection c;
        synchronized (this) {
            c = current;
            current = null;
        }
        if (c != null) {
            c.leave(reason);
        }
    }

    @Override
    public void close() {
        WebSocketClient w;
        HttpClient h;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        disconnect("signaling client closed");
        synchronized (this) {
            w = ws;
            h = http;
        }
        stopQuietly(w, h);
    }

    private static void stopQuietly(WebSocketClient w, HttpClient h) {
        try {
            if (w != null) {
                w.stop();
            }
        } catch (Exception e) {
            LOG.debug("error stopping WebSocketClient", e);
        }
        try {
            if (h != null) {
                h.stop();
            }
        } catch (Exception e) {
            LOG.debug("error stopping HttpClient", e);
        }
    }

    private static URI uri(String scheme, InetSocketAddress endpoint, String path) {
        try {
            return new URI(scheme, null, endpoint.getHostString(), endpoint.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new SignalingException(ErrorKind.IO, "invalid signaling endpoint " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private void fire(Runnable callback) {
        SerialExecutor e = events;
        if (e != null) {
            e.execute(callback);
        }
    }

    /**
     * As {@link #fire}, but on the calling thread when no listener callback is running or queued (order kept).
     * {@code tryRunIfIdle}, not {@code executeInlineIfIdle}: the reading thread must not go on to drain other
     * callbacks queued meanwhile (a slow one would hold up this connection's reads); those stay on the pool.
     */
    private void fireInlineIfIdle(Runnable callback) {
        SerialExecutor e = events;
        if (e != null && !e.tryRunIfIdle(callback)) {
            e.execute(callback);
        }
    }

    /** The silence check runs this many times per heartbeat interval. */
    static final int TICKS_PER_HEARTBEAT = 4;

    /** One WebSocket session to one server; a new one per {@link #connect}. */
    public final class Connection implements Session.Listener.AutoDemanding {
        final InetSocketAddress endpoint;
        final Registration self;
        final CompletableFuture<Void> registered = new CompletableFuture<>();
        final AtomicBoolean over = new AtomicBoolean();
        /**
         * Heartbeat ticks (a quarter interval each) since the last frame from the server: any frame shows the
         * leader alive, and the quarter-interval check declares it lost within a quarter interval after
         * {@code misses × interval} of silence (one whole interval late at worst when checked once per interval).
         */
        final AtomicInteger quietTicks = new AtomicInteger();
        /** Heartbeat ticks so far; a heartbeat goes out every {@link #TICKS_PER_HEARTBEAT}th. Scheduler only. */
        int ticks;
        volatile Session session;
        volatile boolean leaving;
        ScheduledFuture<?> heartbeats;

        Connection(InetSocketAddress endpoint, Registration self) {
            this.endpoint = endpoint;
            this.self = self;
        }

        boolean isUp() {
            Session s = session;
            return registered.isDone() && !registered.isCompletedExceptionally() && !over.get() && s != null
                    && s.isOpen();
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            if (leaving) {
                s.close(CloseCodes.NORMAL, "left", Callback.NOOP);
                return;
            }
            if (self.deviceKey() == null) {
                register(null);
            }
            // with a device key, register answers the server's challenge (onChallenge)
        }

        private void onChallenge(SignalingFrame f) {
            if (self.deviceKey() == null || registerSent) {
                return;
            }
            register(f.getChallenge().getNonce());
        }

        private volatile boolean registerSent;

        private void register(String nonce) {
            registerSent = true;
            Register.Builder r = Register.newBuilder()
                    .setPeerId(self.peerId().value())
                    .setPeerType(self.peerType().wireName())
                    .setDisplayName(self.displayName())
                    .setSession(self.session());
            self.encodings().stream().sorted().forEach(e -> r.addEncodings(e.wireName()));
            r.setSignalingPort(self.signalingPort());
            if (self.peerType() instanceof PeerType.Display d) {
                r.setDisplayClass(d.displayClass().wireName());
            }
            String token = tokens.get(endpoint);
            if (token != null) {
                r.setToken(token);
            }
            if (nonce != null) {
                DeviceKey key = self.deviceKey();
                byte[] transcript = DeviceProofs.registrationTranscript(nonce, r.getSession(), r.getPeerId(),
                        r.getPeerType(), r.getDisplayName(), r.getDisplayClass());
                r.setPublicKey(Base64.getEncoder().encodeToString(key.publicKey()))
                        .setSignature(Base64.getEncoder().encodeToString(key.sign(transcript)));
            }
            if (trust != null && !trust.document().isEmpty()) {
                r.setTrustList(trust.document());
            }
            write(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder().setRegister(r).build()));
        }

        CompletableFuture<Void> write(byte[] bytes) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Session s = session;
            if (s == null || !s.isOpen()) {
                done.completeExceptionally(new SignalingException(ErrorKind.IO, "connection to " + endpoint + " is closed"));
                return done;
            }
            s.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> done.complete(null),
                    x -> done.completeExceptionally(new SignalingException(ErrorKind.IO, "write to " + endpoint
                            + " failed: " + rootMessage(x), x))));
            return done;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            quietTicks.set(0);
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            callback.succeed();
            SignalingFrame f;
            try {
                f = ProtobufFrameCodec.INSTANCE.decodeSignaling(bytes);
            } catch (ProtocolException e) {
                LOG.warn("undecodable frame from signaling server {}: {}", endpoint, e.getMessage());
                return;
            }
            if (leaving) {
                return;
            }
            switch (f.getBodyCase()) {
                case CHALLENGE -> onChallenge(f);
                case REGISTERED -> onRegistered(f);
                case HEARTBEAT_ACK -> { } // quietTicks already reset above
                case PEER_LIST -> onPeerList(f);
                case ERROR -> onError(f);
                case TRUST_LIST -> {
                    if (trust != null) {
                        String document = f.getTrustList().getDocument();
                        fire(() -> trust.offer(document));
                    }
                }
                case OFFER, ANSWER, ICE_CANDIDATE, RELAY, TRANSPORT_SIGNAL -> onSignal(f);
                default -> LOG.debug("ignoring '{}' from signaling server {}", f.getBodyCase(), endpoint);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            LOG.debug("ignoring text frame from {} on a protobuf connection", endpoint);
        }

        private void onRegistered(SignalingFrame f) {
            tokens.put(endpoint, f.getRegistered().getToken());
            long tick = Math.max(1, settings.heartbeatInterval().toNanos() / TICKS_PER_HEARTBEAT);
            synchronized (this) {
                if (heartbeats == null && !over.get()) {
                    quietTicks.set(0);
                    heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, tick, tick, TimeUnit.NANOSECONDS);
                }
            }
            LOG.debug("registered with {} as {} (leader {}, term {})", endpoint, self.peerId(),
                    f.getRegistered().getLeaderId(), f.getRegistered().getTerm());
            registered.complete(null);
        }

        private void heartbeat() {
            if (over.get()) {
                return;
            }
            int quiet = quietTicks.incrementAndGet();
            if (settings.heartbeatMisses() > 1 && quiet == (settings.heartbeatMisses() - 1) * TICKS_PER_HEARTBEAT) {
                // one interval before the budget is spent: the runtime lets the election probe the leader now, so
                // that after a power loss (probes only fail by timing out) its verdict is ready at the loss
                String reason = "nothing from " + endpoint + " for " + (settings.heartbeatMisses() - 1)
                        + " heartbeat intervals";
                fire(() -> {
                    if (!leaving && !over.get()) {
                        listener.silent(reason);
                    }
                });
            }
            if (quiet >= settings.heartbeatMisses() * TICKS_PER_HEARTBEAT) {
                Session s = session;
                end("no heartbeat-ack (nor any other frame) from " + endpoint + " for " + settings.heartbeatMisses()
                        + " heartbeat intervals ("
                        + settings.silenceLimit().toMillis() + " ms)", true);
                if (s != null) {
                    s.disconnect();
                }
                return;
            }
            if (++ticks % TICKS_PER_HEARTBEAT != 0) {
                return;
            }
            write(ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setTimestamp(System.currentTimeMillis())).build()));
        }

        /** Unknown names are skipped: a newer peer may speak more than this node knows. */
        private static java.util.Set<org.mobileworship.livecontrol.api.spi.transport.LinkEncoding> encodings(
                List<String> names) {
            java.util.Set<org.mobileworship.livecontrol.api.spi.transport.LinkEncoding> out = new java.util.HashSet<>();
            for (String n : names) {
                org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.fromWireName(n).ifPresent(out::add);
            }
            return out;
        }

        /**
         * A peer-list {@code signalingEndpoint} ("host:port", "[v6]:port") as an address, or null. Only IP
         * literals: an endpoint is never resolved through DNS.
         */
        private static InetSocketAddress endpoint(String s) {
            int colon = s.lastIndexOf(':');
            if (s.isEmpty() || colon <= 0 || colon == s.length() - 1) {
                return null;
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean literal = host.matches("[0-9.]+") || host.matches("[0-9a-fA-F:.%]+") && host.contains(":");
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                return literal && port > 0 && port <= 65535
                        ? new InetSocketAddress(java.net.InetAddress.getByName(host), port) : null;
            } catch (NumberFormatException | java.net.UnknownHostException x) {
                return null;
            }
        }

        private void onPeerList(SignalingFrame f) {
            List<PeerInfo> peers = new ArrayList<>();
            for (PeerEntry e : f.getPeerList().getPeersList()) {
                if (e.getPeerId().equals(self.peerId().value())) {
                    continue;
                }
                try {
                    peers.add(new PeerInfo(PeerId.of(e.getPeerId()), PeerType.fromWire(e.getPeerType(),
                            e.getDisplayClass()), e.getDisplayName(), false, null, encodings(e.getEncodingsList()),
                            endpoint(e.getSignalingEndpoint())));
                } catch (IllegalArgumentException x) {
                    LOG.debug("skipping peer-list entry {}: {}", e.getPeerId(), x.getMessage());
                }
            }
            List<PeerInfo> snapshot = List.copyOf(peers);
            fire(() -> {
                if (!leaving) {
                    listener.peerList(snapshot);
                }
            });
        }

        private void onError(SignalingFrame f) {
            var e = f.getError();
            if (!registered.isDone()) {
                // refusals of the registration fail connect() instead of reaching the listener
                fail(new SignalingException(e.getCode(), e.getMessage()));
                return;
            }
            PeerId target = null;
            if (!e.getTargetPeerId().isEmpty()) {
                try {
                    target = PeerId.of(e.getTargetPeerId());
                } catch (IllegalArgumentException x) {
                    target = null;
                }
            }
            PeerId t = target;
            fire(() -> {
                if (!leaving) {
                    listener.error(e.getCode(), e.getMessage(), t);
                }
            });
        }

        private void onSignal(SignalingFrame f) {
            Signal signal = SignalFrames.toSignal(f);
            PeerId from;
            try {
                from = PeerId.of(SignalFrames.from(f));
            } catch (IllegalArgumentException x) {
                LOG.warn("signal without a valid sender from {}: {}", endpoint, x.getMessage());
                return;
            }
            Runnable deliver = () -> {
                if (!leaving) {
                    listener.signal(from, signal);
                }
            };
            if (signal instanceof Signal.Relay) {
                // the relay's data path (a cue, its ack): on this thread when no callback is running or queued,
                // as a plain WebSocket hub's client would handle it, instead of waking the events thread
                fireInlineIfIdle(deliver);
            } else {
                fire(deliver);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            end("signaling server " + endpoint + " closed the connection: " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason), true);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            end("signaling connection to " + endpoint + " failed: " + rootMessage(cause), true);
        }

        /** Connect failed (refused, timed out, closed before registered). */
        void fail(SignalingException e) {
            if (registered.completeExceptionally(e)) {
                LOG.debug("connect to {} failed: {}", endpoint, e.getMessage());
                leaving = true;
                end(e.getMessage(), false);
                Session s = session;
                if (s != null) {
                    s.close(CloseCodes.NORMAL, "giving up", Callback.NOOP);
                }
            }
        }

        /** The user left: no {@code disconnected} callback. */
        void leave(String reason) {
            leaving = true;
            registered.completeExceptionally(new SignalingException(ErrorKind.IO, "disconnected before registration: " + reason));
            end(reason, false);
            Session s = session;
            if (s != null) {
                s.close(CloseCodes.NORMAL, reason, Callback.NOOP);
            }
        }

        private void end(String reason, boolean notify) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            synchronized (this) {
                if (heartbeats != null) {
                    heartbeats.cancel(false);
                }
            }
            boolean wasCurrent;
            synchronized (JettySignalingClient.this) {
                wasCurrent = current == this;
                if (wasCurrent) {
                    current = null;
                }
            }
            if (!registered.isDone()) {
                registered.completeExceptionally(new SignalingException(ErrorKind.IO, reason));
                return;
            }
            if (notify && wasCurrent && !leaving && !registered.isCompletedExceptionally()) {
                LOG.info("signaling connection lost: {}", reason);
                fire(() -> listener.disconnected(reason));
            }
        }
    }
}
