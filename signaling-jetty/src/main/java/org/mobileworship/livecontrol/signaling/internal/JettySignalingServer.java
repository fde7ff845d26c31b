package org.mobileworship.livecontrol.signaling.internal;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.RoomTrust;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.Challenge;
import org.mobileworship.livecontrol.protocol.v1.HeartbeatAck;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.PeerList;
import org.mobileworship.livecontrol.protocol.v1.Register;
import org.mobileworship.livecontrol.protocol.v1.Registered;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's signaling server on embedded Jetty 12: WebSocket at {@code /signaling}, health at
 * {@code GET /health}. One lock guards the registry; every send is asynchronous, so holding it never blocks
 * on the network, and sending under it keeps each peer's view of registry changes in order.
 *
 * <p>Why one class of this size: the registry (sessions, reservations, the trust list in paired mode) and every
 * frame handler that reads or changes it share that one lock and its ordering guarantee; split across classes,
 * the lock and the "send under it" rule would have to be shared by all of them. What does not touch the registry
 * is already elsewhere: per-connection state and limits ({@code ServerConnection}, {@code TokenBucket}), the
 * origin and role rules ({@code OriginPolicy}, {@code RolePolicy}), the pages ({@code WebPagesHandler}) and the
 * standby server. Splitting the frame handlers out behind an explicit registry object is the next step.
 */
public final class JettySignalingServer implements SignalingServer {
    private static final Logger LOG = LoggerFactory.getLogger(JettySignalingServer.class);
    public static final String PATH = "/signaling";
    public static final String HEALTH_PATH = "/health";

    private final SignalingSettings settings;
    private final ScheduledExecutorService scheduler;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    /** session -> peer id -> record; guarded by {@link #lock}. */
    private final Map<String, Map<String, PeerRecord>> sessions = new HashMap<>();
    /** session + NUL + peer id -> token kept after disconnect, so only that peer can reclaim the id. */
    private final Map<String, Reservation> reservations = new HashMap<>();
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();

    private enum State { NEW, RUNNING, CLOSED }

    private volatile State state = State.NEW;
    private Server server;
    private ScheduledFuture<?> ticker;
    private volatile PeerId leaderId;
    private volatile long term;
    private volatile long startedNanos;
    private final WebPagesHandler pages = new WebPagesHandler();
    private final LeaderNotices notices = new LeaderNotices();

    private record Reservation(String token, long expiresNanos) {
    }

    private final OriginPolicy originPolicy;

    /** The room's trust list this leader holds and enforces (paired mode), or null (no device identity). */
    private final RoomTrust trust;
    private final DeviceKey deviceKey;
    private Runnable trustSubscription;

    public JettySignalingServer(SignalingSettings settings, ScheduledExecutorService scheduler) {
        this(settings, scheduler, null);
    }

    public JettySignalingServer(SignalingSettings settings, ScheduledExecutorService scheduler, RoomTrust trust) {
        this(settings, scheduler, trust, null);
    }

    /**
     * @param deviceKey the leader's device key, with which {@code GET /health?challenge=…} proves that this server
     *                  is the device its key-bound leader id names (null: no proof is given)
     */
    public JettySignalingServer(SignalingSettings settings, ScheduledExecutorService scheduler, RoomTrust trust,
                                DeviceKey deviceKey) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.originPolicy = new OriginPolicy(settings.allowedOrigins());
        this.trust = trust;
        this.deviceKey = deviceKey;
    }

    @Override
    public synchronized InetSocketAddress start(InetSocketAddress bind, PeerId leaderId, long term) {
        if (state != State.NEW) {
            throw new IllegalStateException("signaling server already " + state.name().toLowerCase());
        }
        this.leaderId = leaderId;
        this.term = term;
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("livecontrol-signaling-server");
        pool.setDaemon(true);
        // Jetty's default reserved threads (not 0): a readable connection is read by the selector thread while a
        // reserved thread takes over selecting, instead of waking a pool thread for every frame (see the client)
        Server s = new Server(pool);
        ServerConnector connector = new ServerConnector(s, 1, 1);
        connector.setHost(bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        s.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(s, context, container -> {
            container.setIdleTimeout(settings.idleTimeout());
            // Jetty closes with 1009 on its own when a message exceeds these
            container.setMaxTextMessageSize(settings.maxFrameBytes());
            container.setMaxBinaryMessageSize(settings.maxFrameBytes());
            container.setMaxFrameSize(settings.maxFrameBytes());
            container.setMaxOutgoingFrames(settings.maxOutgoingFrames());
            container.addMapping(PATH, this::upgrade);
        });
        // /health, then the web client and pages (when the livecontrol-web jar is on the classpath)
        ws.setHandler(new Handler.Sequence(new HealthHandler(), notices, pages));
        context.setHandler(ws);
        s.setHandler(context);
        s.setStopTimeout(1000);
        try {
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            state = State.CLOSED;
            if (hasCause(e, BindException.class)) {
                throw new LiveControlException(ErrorKind.ADDRESS_IN_USE, "signaling port " + bind.getPort() + " on " + connector.getHost()
                        + " is already in use; stop the other process or set livecontrol.signaling.port"
                        + " to a free port (0 picks one)", e);
            }
            throw new LiveControlException("cannot start the signaling server on " + connector.getHost() + ":"
                    + bind.getPort() + ": " + e.getMessage(), e);
        }
        server = s;
        startedNanos = System.nanoTime();
        state = State.RUNNING;
        long period = settings.heartbeatInterval().toMillis();
        ticker = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        if (trust != null) {
            trustSubscription = trust.onChange(this::trustListChanged);
        }
        InetSocketAddress bound = new InetSocketAddress(bind.getAddress(), connector.getLocalPort());
        LOG.info("signaling server for leader {} (term {}) listening on ws://{}:{}{}{}", leaderId, term,
                connector.getHost(), connector.getLocalPort(), PATH,
                pages.available() ? "; pages at /display and /control" : "");
        return bound;
    }

    /** Negotiates the codec by subprotocol; refuses unknown subprotocol lists and upgrades while closing. */
    private Object upgrade(org.eclipse.jetty.websocket.server.ServerUpgradeRequest req,
                           org.eclipse.jetty.websocket.server.ServerUpgradeResponse resp, Callback callback) {
        if (state != State.RUNNING) {
            Response.writeError(req, resp, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "signaling server closing");
            return null;
        }
        String originRefused = originPolicy.refusal(req.getHeaders().get(HttpHeader.ORIGIN));
        if (originRefused != null) {
            Response.writeError(req, resp, callback, HttpStatus.FORBIDDEN_403, originRefused);
            return null;
        }
        List<String> offered = req.getSubProtocols();
        WireFormat format = WireFormat.JSON;
        if (!offered.isEmpty()) {
            format = offered.stream().map(WireFormat::fromSubprotocol).flatMap(java.util.Optional::stream)
                    .findFirst().orElse(null);
            if (format == null) {
                Response.writeError(req, resp, callback, HttpStatus.BAD_REQUEST_400,
                        "unsupported WebSocket subprotocol(s) " + offered + "; supported: "
                                + WireFormat.JSON.subprotocol() + ", " + WireFormat.PROTOBUF.subprotocol());
                return null;
            }
            resp.setAcceptedSubProtocol(format.subprotocol());
        }
        // Seed clients (no subprotocol) get no challenge frame: they would not know the type.
        return new ServerConnection(this, format, settings, newToken(), !offered.isEmpty());
    }

    @Override
    public void onLeaderNotice(java.util.function.Consumer<org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer> l) {
        notices.listener(l);
    }

    void opened(ServerConnection c) {
        connections.add(c);
        if (state != State.RUNNING) {
            c.close(CloseCodes.GOING_AWAY, "signaling server closing");
            return;
        }
        if (c.sendsChallenge) {
            c.send(SignalingFrame.newBuilder().setChallenge(Challenge.newBuilder().setNonce(c.nonce)).build());
        }
    }

    /**
     * Checks a registration's device proof. Returns why it fails (sent as {@code unauthenticated}), or
     * {@code null}; {@code proven[0]} tells whether the registration proved its key.
     */
    private static String authenticate(ServerConnection c, Register r, boolean[] proven) {
        String id = r.getPeerId();
        if (r.getPublicKey().isEmpty()) {
            if (DeviceProofs.isKeyBound(id)) {
                return "peer id '" + id + "' is bound to a device key: register with 'publicKey' and a 'signature'"
                        + " of this connection's challenge";
            }
            return null;
        }
        byte[] key;
        byte[] signature;
        try {
            key = Base64.getDecoder().decode(r.getPublicKey());
            signature = Base64.getDecoder().decode(r.getSignature());
        } catch (IllegalArgumentException e) {
            return "'publicKey' and 'signature' must be base64";
        }
        if (!DeviceProofs.peerIdOf(key).equals(id)) {
            return "peer id '" + id + "' is not the id of this publicKey (expected the id derived from the key)";
        }
        byte[] transcript = DeviceProofs.registrationTranscript(c.nonce, r.getSession(), id, r.getPeerType(),
                r.getDisplayName(), r.getDisplayClass());
        if (!DeviceProofs.verify(key, transcript, signature)) {
            return "the signature does not prove the key for this connection's challenge (a P-256 key and a fresh"
                    + " signature of the challenge this connection received are required)";
        }
        proven[0] = true;
        return null;
    }

    /** One decoded frame from {@code c}. Called on Jetty's thread for that connection, one frame at a time. */
    void handle(ServerConnection c, SignalingFrame f) {
        if (f.getBodyCase() == SignalingFrame.BodyCase.REGISTER) {
            register(c, f.getRegister());
            return;
        }
        PeerRecord me = c.peer;
        if (me == null) {
            c.send(SignalFrames.error(ErrorCodes.NOT_REGISTERED,
                    "send 'register' before '" + typeName(f) + "'", null));
            return;
        }
        switch (f.getBodyCase()) {
            case OFFER, ANSWER, ICE_CANDIDATE, RELAY, TRANSPORT_SIGNAL -> forward(me, f);
            case HEARTBEAT -> c.send(SignalingFrame.newBuilder()
                    .setHeartbeatAck(HeartbeatAck.newBuilder().setTimestamp(f.getHeartbeat().getTimestamp())).build());
            default -> c.send(SignalFrames.error(ErrorCodes.NOT_ALLOWED,
                    "'" + typeName(f) + "' is sent by the server, not to it", null));
        }
    }

    private void forward(PeerRecord me, SignalingFrame f) {
        String target = SignalFrames.target(f);
        PeerRecord to;
        synchronized (lock) {
            to = sessions.getOrDefault(me.session(), Map.of()).get(target);
        }
        if (to == null || !to.connection().isOpen()) {
            me.connection().send(SignalFrames.error(ErrorCodes.UNKNOWN_PEER,
                    "peer '" + target + "' is not registered in this session", target));
            return;
        }
        String refused = RolePolicy.refusal(me.entry(), to.entry(), f);
        if (refused != null) {
            LOG.info("refused {} from {} to {}: {}", typeName(f), me.peerId(), target, refused);
            me.connection().send(SignalFrames.error(ErrorCodes.NOT_ALLOWED, refused, target));
            return;
        }
        // identity comes from the registration, never from what the sender wrote
        to.connection().send(SignalFrames.stamp(f, me.peerId()));
    }

    private void register(ServerConnection c, Register r) {
        String id = r.getPeerId();
        if (id.isBlank()) {
            c.send(SignalFrames.error(ErrorCodes.INVALID_FIELD, "invalid field 'peerId' in 'register': blank", null));
            return;
        }
        boolean[] proven = {false};
        String unauthenticated = authenticate(c, r, proven);
        if (unauthenticated != null) {
            LOG.warn("refused registration of '{}' from {}: {}", id, c, unauthenticated);
            c.send(SignalFrames.error(ErrorCodes.UNAUTHENTICATED, unauthenticated, null));
            return;
        }
        if (trust != null && !r.getTrustList().isEmpty()) {
            // a device carries the list it holds: the leader adopts it if newer and signed by a controller it
            // trusts (e.g. the list a controller signed when it paired this very device), then pushes it
            trust.offer(r.getTrustList());
        }
        String notPaired = notPaired(id, r.getPeerType(), proven[0]);
        if (notPaired != null) {
            LOG.warn("refused registration of '{}' from {}: {}", id, c, notPaired);
            c.send(SignalFrames.error(ErrorCodes.NOT_PAIRED, notPaired, null));
            return;
        }
        String session = r.getSession();
        String key = session + '\0' + id;
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
            PeerRecord current = c.peer;
            if (current != null) {
                if (current.peerId().equals(id) && current.session().equals(session)) {
                    c.send(registered(current)); // a repeated register is harmless: confirm again
                } else {
                    c.send(SignalFrames.error(ErrorCodes.NOT_ALLOWED, "this connection is registered as '"
                            + current.peerId() + "'; open a new connection for another identity", null));
                }
                return;
            }
            Map<String, PeerRecord> peers = sessions.computeIfAbsent(session, k -> new LinkedHashMap<>());
            PeerRecord existing = peers.get(id);
            String token;
            if (existing != null) {
                // a device that proved its key owns its id: it may replace its own stale connection
                if (!proven[0] && !existing.token().equals(r.getToken())) {
                    c.send(SignalFrames.error(ErrorCodes.ID_TAKEN, "peer id '" + id
                            + "' is registered on another live connection", null));
                    return;
                }
                token = existing.token(); // the same peer reconnecting: the new connection replaces the old
            } else {
                Reservation held = reservations.get(key);
                if (held != null && held.expiresNanos() - System.nanoTime() > 0) {
                    if (!proven[0] && !held.token().equals(r.getToken())) {
                        c.send(SignalFrames.error(ErrorCodes.ID_TAKEN, "peer id '" + id
                                + "' is reserved for the peer that just disconnected; it may reclaim it with its token",
                                null));
                        return;
                    }
                    token = held.token();
                } else {
                    if (registeredCountLocked() >= settings.maxPeers()) {
                        LOG.warn("refusing {}: server full ({} peers)", id, settings.maxPeers());
                        c.send(SignalFrames.error(ErrorCodes.SERVER_FULL, "the signaling server holds its maximum of "
                                + settings.maxPeers() + " peers (livecontrol.signaling.max-peers)", null));
                        c.close(CloseCodes.TRY_AGAIN_LATER, "server full");
                        return;
                    }
                    token = newToken();
                }
                reservations.remove(key);
            }
            PeerEntry entry = PeerEntry.newBuilder().setPeerId(id).setPeerType(r.getPeerType())
                    .setDisplayName(r.getDisplayName()).setDisplayClass(r.getDisplayClass())
                    .addAllEncodings(r.getEncodingsList())
                    .setSignalingEndpoint(signalingEndpoint(c, r.getSignalingPort())).build();
            PeerRecord rec = new PeerRecord(session, id, entry, token, c);
            peers.put(id, rec);
            c.peer = rec;
            if (existing != null) {
                existing.connection().peer = null; // its close must not unregister the new connection
                existing.connection().close(CloseCodes.REPLACED, "replaced by a newer connection of the same peer");
            }
            LOG.info("registered {} ({}) in session '{}'{}", id, r.getPeerType(), session,
                    existing != null ? " (reconnect)" : "");
            c.send(registered(rec));
            if (trust != null && !trust.document().isEmpty() && c.sendsChallenge) {
                // livecontrol clients only: the seed's JSON clients do not know the type
                c.send(trustListFrame(trust.document()));
            }
            pushPeerListLocked(session);
        }
    }

    /**
     * Paired mode: why {@code id} may not register as {@code peerType} (sent as {@code not-paired}), or null. Only
     * a device of the trust list, proving its key, with the role it was paired with.
     */
    private String notPaired(String id, String peerType, boolean proven) {
        if (trust == null || !trust.enforced()) {
            return null;
        }
        java.util.Optional<String> role = trust.pairedRole(id);
        if (role.isEmpty() || !proven) {
            return "this room requires pairing and device '" + id + "' is not paired"
                    + (role.isPresent() ? " (register with its device key)" : " (or was removed)")
                    + ": pair it from a paired controller with 'livecontrol pair'";
        }
        if (!role.get().equals(peerType)) {
            return "device '" + id + "' is paired as a " + role.get() + ", not as a " + peerType
                    + "; pair it again with the other role to change it";
        }
        return null;
    }

    private static SignalingFrame trustListFrame(String document) {
        return SignalingFrame.newBuilder().setTrustList(
                org.mobileworship.livecontrol.protocol.v1.TrustListUpdate.newBuilder().setDocument(document)).build();
    }

    /**
     * The held list changed (adopted from a registration or this leader's own node): push it to every peer, and
     * in paired mode end the sessions of peers it no longer admits (a removed device is out at once).
     */
    private void trustListChanged() {
        if (state != State.RUNNING) {
            return;
        }
        SignalingFrame frame = trustListFrame(trust.document());
        List<PeerRecord> refused = new ArrayList<>();
        synchronized (lock) {
            for (Map<String, PeerRecord> peers : sessions.values()) {
                for (PeerRecord p : peers.values()) {
                    if (p.connection().sendsChallenge) {
                        p.connection().send(frame);
                    }
                    if (notPaired(p.peerId(), p.entry().getPeerType(), true) != null
                            && !p.peerId().equals(leaderId.value())) {
                        refused.add(p);
                    }
                }
            }
        }
        for (PeerRecord p : refused) {
            String why = notPaired(p.peerId(), p.entry().getPeerType(), true);
            LOG.warn("removing {}: {}", p.peerId(), why);
            p.connection().send(SignalFrames.error(ErrorCodes.NOT_PAIRED, why, null));
            unregister(p.connection(), "no longer paired");
            p.connection().close(CloseCodes.POLICY_VIOLATION, "not paired");
        }
    }

    /**
     * Where {@code c}'s node serves signaling when it leads: the address it connected from plus its declared
     * port. Browsers cannot browse mDNS; this is how they find the next leader when this one goes.
     */
    private static String signalingEndpoint(ServerConnection c, int port) {
        java.net.InetAddress a = c.remoteAddress();
        if (port <= 0 || a == null) {
            return "";
        }
        String host = a.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone); // a scope id means nothing to another device
        }
        return (a instanceof java.net.Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** The leader's own node registered: peers that register now see it in their peer list. */
    private boolean leaderRegistered() {
        synchronized (lock) {
            for (Map<String, PeerRecord> peers : sessions.values()) {
                PeerRecord r = peers.get(leaderId.value());
                if (r != null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Signaling endpoints of every registered node that can lead (sorted, without duplicates). */
    private List<String> leaderCandidates() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        synchronized (lock) {
            for (Map<String, PeerRecord> peers : sessions.values()) {
                for (PeerRecord r : peers.values()) {
                    if (!r.entry().getSignalingEndpoint().isEmpty()) {
                        out.add(r.entry().getSignalingEndpoint());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private SignalingFrame registered(PeerRecord rec) {
        return SignalingFrame.newBuilder().setRegistered(Registered.newBuilder().setPeerId(rec.peerId())
                .setToken(rec.token()).setLeaderId(leaderId.value()).setTerm(term)).build();
    }

    void closed(ServerConnection c, String reason) {
        connections.remove(c);
        unregister(c, reason);
    }

    private void unregister(ServerConnection c, String reason) {
        synchronized (lock) {
            PeerRecord rec = c.peer;
            if (rec == null) {
                return;
            }
            c.peer = null;
            Map<String, PeerRecord> peers = sessions.get(rec.session());
            if (peers == null || peers.get(rec.peerId()) != rec) {
                return;
            }
            peers.remove(rec.peerId());
            if (peers.isEmpty()) {
                sessions.remove(rec.session());
            }
            reservations.put(rec.session() + '\0' + rec.peerId(),
                    new Reservation(rec.token(), System.nanoTime() + settings.reclaimWindow().toNanos()));
            LOG.info("unregistered {} from session '{}': {}", rec.peerId(), rec.session(), reason);
            if (state == State.RUNNING) {
                pushPeerListLocked(rec.session());
            }
        }
    }

    private void pushPeerListLocked(String session) {
        Map<String, PeerRecord> peers = sessions.getOrDefault(session, Map.of());
        PeerList.Builder list = PeerList.newBuilder();
        for (PeerRecord p : peers.values()) {
            list.addPeers(p.entry());
        }
        SignalingFrame frame = SignalingFrame.newBuilder().setPeerList(list).build();
        for (PeerRecord p : peers.values()) {
            p.connection().send(frame);
        }
    }

    /** Periodic: drops silent connections and stuck writers, pings everyone, forgets expired tokens. */
    private void tick() {
        try {
            long now = System.nanoTime();
            long silence = settings.silenceLimit().toNanos();
            long writeTimeout = settings.writeTimeout().toNanos();
            for (ServerConnection c : connections) {
                if (now - c.lastHeardNanos > silence && c.dropRequested) {
                    // the close handshake never completed: the peer is gone (e.g. its address vanished)
                    c.abort("no answer to the close frame");
                } else if (now - c.lastHeardNanos > silence) {
                    LOG.info("dropping {}: nothing received for {} ms", c, settings.silenceLimit().toMillis());
                    c.dropRequested = true;
                    unregister(c, "heartbeat timeout");
                    c.close(CloseCodes.HEARTBEAT_TIMEOUT, "no heartbeat for " + settings.silenceLimit().toMillis() + " ms");
                } else if (c.oldestPendingWriteAge(now) > writeTimeout) {
                    LOG.info("dropping {}: a write has been pending for over {} ms", c, settings.writeTimeout().toMillis());
                    unregister(c, "write timeout");
                    c.abort("write timeout");
                } else {
                    c.ping(); // Jetty answers pings but never sends them; this keeps NATs and idle timers honest
                }
            }
            synchronized (lock) {
                reservations.values().removeIf(r -> r.expiresNanos() - now <= 0);
            }
        } catch (RuntimeException e) {
            LOG.warn("signaling server housekeeping failed", e);
        }
    }

    @Override
    public int registeredPeerCount() {
        synchronized (lock) {
            return registeredCountLocked();
        }
    }

    private int registeredCountLocked() {
        int n = 0;
        for (Map<String, PeerRecord> m : sessions.values()) {
            n += m.size();
        }
        return n;
    }

    /** Number of open WebSocket connections, registered or not (for tests and diagnostics). */
    public int connectionCount() {
        return connections.size();
    }

    /** Set first thing in {@link #close}: from then on {@code /health} answers 503. */
    private volatile boolean closing;

    @Override
    public void close(String reason) {
        closing = true;
        Server s;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean wasRunning = state == State.RUNNING;
            state = State.CLOSED;
            s = server;
            if (!wasRunning) {
                return;
            }
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (trustSubscription != null) {
            trustSubscription.run();
        }
        List<ServerConnection> open = new ArrayList<>(connections);
        CountDownLatch closing = new CountDownLatch(open.size());
        for (ServerConnection c : open) {
            c.close(CloseCodes.GOING_AWAY, reason, closing::countDown);
        }
        try {
            // give close frames a moment to reach the wire before Jetty tears sockets down
            closing.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly(s);
        synchronized (lock) {
            sessions.clear();
            reservations.clear();
        }
        LOG.info("signaling server closed: {}", reason);
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.debug("error stopping Jetty", e);
        }
    }

    private String newToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String typeName(SignalingFrame f) {
        return f.getBodyCase().name().toLowerCase().replace('_', '-');
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * With {@code ?challenge=C} and a device key: {@code ,"leaderKey":…,"leaderProof":…}, the key and its
     * signature over {@link DeviceProofs#leaderTranscript}(C, leader id); empty otherwise. Signing is one
     * ECDSA operation; a flood of probes is bounded by what one connection can send, like any request.
     */
    private String keyProof(Request request) {
        if (deviceKey == null) {
            return "";
        }
        var query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String challenge = query.getValue("challenge");
        if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
            return ""; // a plain probe, or a challenge no prober of ours sends (they are 22 characters)
        }
        byte[] signature = deviceKey.sign(DeviceProofs.leaderTranscript(challenge, leaderId.value()));
        Base64.Encoder b64 = Base64.getEncoder();
        return ",\"leaderKey\":" + jsonString(b64.encodeToString(deviceKey.publicKey()))
                + ",\"leaderProof\":" + jsonString(b64.encodeToString(signature));
    }

    /** {@code GET /health}: who leads and how many peers it holds, for probes before following a leader. */
    private final class HealthHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!HEALTH_PATH.equals(Request.getPathInContext(request))) {
                return false;
            }
            if (!"GET".equals(request.getMethod())) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET");
                return true;
            }
            if (closing) {
                // A leader that is leaving must not be followed: probes see it gone at once.
                Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "signaling server closing");
                return true;
            }
            // Ready once the leader's own node registered: before that a peer registering would get a peer
            // list without the leader. 503 then, with the same body, so a probe still sees who starts up.
            boolean ready = leaderRegistered();
            StringBuilder candidates = new StringBuilder("[");
            for (String e : leaderCandidates()) {
                candidates.append(candidates.length() > 1 ? "," : "").append(jsonString(e));
            }
            candidates.append(']');
            String body = "{\"leaderId\":" + jsonString(leaderId.value()) + ",\"term\":" + term
                    + ",\"uptimeMs\":" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)
                    + ",\"peers\":" + registeredPeerCount() + ",\"ready\":" + ready
                    + ",\"leaderCandidates\":" + candidates + keyProof(request) + "}";
            response.setStatus(ready ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            // a page loaded from another node (the previous leader) probes this one to fail over to it
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
