package org.mobileworship.livecontrol.testkit.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;

/**
 * A signaling client for in-memory servers. Connections are direct method calls, so there are no
 * heartbeats: {@code disconnected} comes only from the server closing.
 */
public final class InMemorySignalingClient implements SignalingClient {
    /** Largest relayed frame (seed: data frames are at most 16 KiB). */
    static final int MAX_RELAY_BYTES = 16 * 1024;
    /** Largest signaling frame, as the real server bounds it. */
    static final int MAX_TEXT_CHARS = 64 * 1024;

    private final ProviderContext context;
    private final NetworkCore core;
    private final SerialExecutor callbacks;
    private volatile SignalingListener listener;
    private Connection current;
    private boolean closed;

    public InMemorySignalingClient(ProviderContext context, NetworkCore core) {
        this.context = context;
        this.core = core;
        this.callbacks = core.newSerial("signaling-client-" + context.localId());
    }

    /** One registration with one server. */
    final class Connection {
        private final InMemorySignalingServer server;
        private final Registration registration;

        Connection(InMemorySignalingServer server, Registration registration) {
            this.server = server;
            this.registration = registration;
        }

        Registration registration() {
            return registration;
        }

        private boolean isCurrent() {
            synchronized (InMemorySignalingClient.this) {
                return current == this;
            }
        }

        void peerList(List<PeerInfo> peers) {
            callbacks.execute(() -> {
                SignalingListener l = listener;
                if (l != null && isCurrent()) {
                    l.peerList(peers);
                }
            });
        }

        void signal(PeerId from, Signal signal) {
            callbacks.execute(() -> {
                SignalingListener l = listener;
                if (l != null && isCurrent()) {
                    l.signal(from, signal);
                }
            });
        }

        void error(String code, String message, PeerId target) {
            callbacks.execute(() -> {
                SignalingListener l = listener;
                if (l != null && isCurrent()) {
                    l.error(code, message, target);
                }
            });
        }

        void serverClosed(String reason) {
            boolean wasCurrent;
            synchronized (InMemorySignalingClient.this) {
                wasCurrent = current == this;
                if (wasCurrent) {
                    current = null;
                }
            }
            if (wasCurrent) {
                callbacks.execute(() -> {
                    SignalingListener l = listener;
                    if (l != null) {
                        l.disconnected(reason);
                    }
                });
            }
        }
    }

    @Override
    public void setListener(SignalingListener signalingListener) {
        this.listener = signalingListener;
    }

    @Override
    public CompletionStage<Void> connect(InetSocketAddress endpoint, Registration self) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(self, "registration");
        disconnect("connecting to " + endpoint);
        InMemorySignalingServer server = core.servers.get(endpoint);
        if (server == null) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO,
                    "no signaling server answers at " + endpoint + " on in-memory network '" + core.name() + "'"));
        }
        Connection conn = new Connection(server, self);
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO, "signaling client is closed"));
            }
            current = conn; // before registering, so the first peer list push is delivered
        }
        SignalingException refused = server.register(conn);
        if (refused != null) {
            synchronized (this) {
                if (current == conn) {
                    current = null;
                }
            }
            return CompletableFuture.failedFuture(refused);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized boolean isConnected() {
        return current != null;
    }

    @Override
    public CompletionStage<Void> send(PeerId target, Signal signal) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(signal, "signal");
        Connection conn;
        synchronized (this) {
            conn = current;
        }
        if (conn == null) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO,
                    "not connected to a signaling server; cannot send to " + target));
        }
        Signal copy = signal;
        if (signal instanceof Signal.Relay relay) {
            if (relay.frame().length > MAX_RELAY_BYTES) {
                return CompletableFuture.failedFuture(new SignalingException(ErrorCodes.TOO_LARGE,
                        "relay frame of " + relay.frame().length + " bytes exceeds " + MAX_RELAY_BYTES));
            }
            copy = new Signal.Relay(relay.frame().clone());
        } else if (textLength(signal) > MAX_TEXT_CHARS) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorCodes.TOO_LARGE,
                    "signal of " + textLength(signal) + " characters exceeds " + MAX_TEXT_CHARS));
        }
        conn.server.forward(conn, target, copy);
        return CompletableFuture.completedFuture(null);
    }

    private static int textLength(Signal signal) {
        if (signal instanceof Signal.Offer o) {
            return o.sdp().length();
        }
        if (signal instanceof Signal.Answer a) {
            return a.sdp().length();
        }
        if (signal instanceof Signal.IceCandidate c) {
            return c.candidate().length() + c.sdpMid().length();
        }
        return 0;
    }

    @Override
    public CompletionStage<Optional<LeaderHealth>> probe(InetSocketAddress endpoint, Duration timeout) {
        InMemorySignalingServer server = endpoint == null ? null : core.servers.get(endpoint);
        return CompletableFuture.completedFuture(Optional.ofNullable(server).map(InMemorySignalingServer::health));
    }

    @Override
    public void disconnect(String reason) {
        Connection conn;
        synchronized (this) {
            conn = current;
            current = null;
        }
        if (conn != null) {
            conn.server.unregister(conn);
        }
    }

    @Override
    public void close() {
        disconnect("client closed");
        synchronized (this) {
            closed = true;
        }
        callbacks.shutdown();
    }

    ProviderContext context() {
        return context;
    }
}
