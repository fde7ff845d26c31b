package org.mobileworship.livecontrol.runtime.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's session with the current leader's signaling server: follows the election's leader, registers
 * (and re-registers with backoff while the election keeps a leader that refuses or cannot be reached), routes
 * incoming signals to the transport they address, and is the {@link SignalSender} every transport uses, which
 * survives leader changes. Loop-confined, except {@link #leaderStatus()}, {@link #isConnected()} and
 * {@link #send}, which any thread may call.
 */
final class SignalingSession implements SignalSender {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingSession.class);

    /** Gets each new peer list (on the loop). */
    interface PeerListListener {
        void peerList(List<PeerInfo> peers);
    }

    private final NodeIdentity identity;
    private final String session;
    private final NodeLoop loop;
    private final Clock clock;
    private final EventBus events;
    private final HostedPlugins plugins;
    private final BooleanSupplier closed;
    private final PeerListListener peerLists;

    private volatile LeaderStatus leaderStatus = LeaderStatus.none();
    private volatile boolean connected;
    private InetSocketAddress endpoint;
    private int attempt;
    private int registrationFailures;

    SignalingSession(NodeIdentity identity, String session, NodeLoop loop, Clock clock, EventBus events,
                     HostedPlugins plugins, BooleanSupplier closed, PeerListListener peerLists) {
        this.identity = identity;
        this.session = session;
        this.loop = loop;
        this.clock = clock;
        this.events = events;
        this.plugins = plugins;
        this.closed = closed;
        this.peerLists = peerLists;
    }

    LeaderStatus leaderStatus() {
        return leaderStatus;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletionStage<Void> send(PeerId target, Signal signal) {
        SignalingClient client = plugins.client();
        if (client == null || !connected) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO, "not connected to a signaling server"
                    + " (leader " + leaderStatus.leader().map(PeerId::value).orElse("unknown") + ")"));
        }
        return client.send(target, signal);
    }

    /** What the signaling client reports; every callback hops onto the loop. */
    SignalingListener clientListener() {
        return new ClientListener();
    }

    /** The election named a leader (or none): follow it. */
    void leaderChanged(LeaderStatus status) {
        LeaderStatus previous = leaderStatus;
        leaderStatus = status;
        if (!status.equals(previous)) {
            events.publish(new LiveControlEvent.LeaderChanged(clock.instant(), status));
            LOG.info("{}: leader {} (term {}{})", identity.displayName(), status.leader().map(PeerId::value)
                    .orElse("unknown"), status.term(), status.self() ? ", this node" : "");
        }
        if (status.hasLeader() && status.endpoint() != null
                && (!status.endpoint().equals(endpoint) || !connected)) {
            connect(status.endpoint(), status.leaderId());
        }
    }

    private void connect(InetSocketAddress to, PeerId leader) {
        endpoint = to;
        int thisAttempt = ++attempt;
        SignalingClient client = plugins.client();
        if (connected) {
            connected = false;
            client.disconnect("leader changed to " + leader);
            plugins.transports().forEach(t -> t.signalingChanged(false));
        }
        // Java nodes read both encodings: openers use protobuf with them and JSON with seed clients
        Registration me = new Registration(identity.id(), identity.type(), identity.displayName(), session,
                EnumSet.of(LinkEncoding.PROTOBUF, LinkEncoding.JSON), plugins.servingPort(), identity.deviceKey());
        client.connect(to, me).whenComplete((ok, error) -> loop.post(() -> {
            if (thisAttempt != attempt || closed.getAsBoolean()) {
                return;
            }
            if (error == null) {
                connected = true;
                registrationFailures = 0;
                LOG.info("{} registered with leader {} at {}", identity.displayName(), leader, to);
                plugins.transports().forEach(t -> t.signalingChanged(true));
                return;
            }
            Throwable cause = PeerLinks.rootCause(error);
            LOG.warn("{} could not register with leader {} at {}: {}", identity.displayName(), leader, to,
                    cause.getMessage());
            boolean unreachable = !(cause instanceof SignalingException se) || se.kind() == ErrorKind.IO;
            Election election = plugins.election();
            if (unreachable && election != null) {
                election.leaderUnreachable(leader, "cannot register: " + cause.getMessage());
            }
            // Whatever the cause (timeout, id still reserved, server full), try this leader again while the
            // election keeps it; a new leader starts its own attempt.
            retryLater(to, leader, thisAttempt, Math.min(5000, 500L << Math.min(4, registrationFailures++)));
        }));
    }

    /**
     * Connects to {@code leader} again after {@code delayMs}, unless meanwhile another attempt started, the
     * connection came back, the node closed, or the election named another leader (which connects itself).
     */
    private void retryLater(InetSocketAddress to, PeerId leader, int forAttempt, long delayMs) {
        if (closed.getAsBoolean()) {
            return; // a registration failing because this node closes: nothing to retry
        }
        loop.schedule(() -> {
            if (forAttempt == attempt && !connected && !closed.getAsBoolean()
                    && leader.equals(leaderStatus.leaderId())) {
                connect(to, leader);
            }
        }, Duration.ofMillis(delayMs));
    }

    private final class ClientListener implements SignalingListener {
        @Override
        public void peerList(List<PeerInfo> peers) {
            loop.post(() -> peerLists.peerList(peers));
        }

        @Override
        public void signal(PeerId from, Signal signal) {
            // A transport's own signals reach that transport only, so no other transport ever has to judge
            // (and possibly act on) a handshake it does not understand.
            String addressee = signal instanceof Signal.TransportSignal ts ? ts.transport() : null;
            boolean delivered = false;
            List<Transport> transports = plugins.transports();
            for (Transport t : transports) {
                if (addressee != null && !addressee.equals(t.name())) {
                    continue;
                }
                delivered = true;
                try {
                    t.onSignal(from, signal);
                } catch (RuntimeException e) {
                    LOG.warn("transport {} failed on a signal from {}: {}", t.name(), from, e.toString());
                }
            }
            if (addressee != null && !delivered) {
                LOG.debug("dropping a signal from {} for transport '{}', which this node does not run (it runs {})",
                        from, addressee, transports.stream().map(Transport::name).toList());
            }
        }

        @Override
        public void error(String code, String message, PeerId target) {
            LOG.warn("signaling error {}{}: {}", code, target == null ? "" : " about " + target, message);
        }

        @Override
        public void silent(String reason) {
            loop.post(() -> {
                PeerId leader = leaderStatus.leaderId();
                Election election = plugins.election();
                if (connected && election != null && leader != null) {
                    LOG.info("{}: leader {} silent ({}); the election probes it", identity.displayName(), leader,
                            reason);
                    election.leaderSuspected(leader, reason);
                }
            });
        }

        @Override
        public void disconnected(String reason) {
            loop.post(() -> {
                connected = false;
                plugins.transports().forEach(t -> t.signalingChanged(false));
                PeerId leader = leaderStatus.leaderId();
                InetSocketAddress lost = endpoint;
                LOG.warn("{} lost signaling with leader {}: {}", identity.displayName(), leader, reason);
                Election election = plugins.election();
                if (election != null && leader != null) {
                    election.leaderUnreachable(leader, reason);
                }
                if (leader != null && lost != null) {
                    // If the election keeps this leader (it still answers probes), nothing else would
                    // reconnect: try again shortly; a leader change starts its own attempt instead.
                    retryLater(lost, leader, attempt, 500);
                }
            });
        }
    }
}
