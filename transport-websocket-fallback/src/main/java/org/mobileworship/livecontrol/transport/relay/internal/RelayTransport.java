package org.mobileworship.livecontrol.transport.relay.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Ping;
import org.mobileworship.livecontrol.protocol.v1.Pong;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links are virtual: a link exists per remote peer and sends through whichever signaling server is current,
 * so relayed pairs move to a new leader by themselves. Frames sent while no leader is connected are refused
 * with an exception; the runtime's retries resend them once signaling is back.
 */
public final class RelayTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(RelayTransport.class);

    private final TransportContext context;
    private final Map<PeerId, RelayLink> links = new ConcurrentHashMap<>();
    private volatile TransportListener listener;
    private volatile boolean closed;

    public RelayTransport(TransportContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return RelayTransportProvider.NAME;
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = listener;
    }

    /** Config key: how long {@link #connect} waits for the remote to answer through the relay. */
    public static final String CONNECT_TIMEOUT_KEY = "livecontrol.relay.connect-timeout";
    /** Default of {@value #CONNECT_TIMEOUT_KEY}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** {@value #CONNECT_TIMEOUT_KEY}: a positive duration. */
    public static Duration connectTimeout(Config config) {
        Duration d = config.getDuration(CONNECT_TIMEOUT_KEY, DEFAULT_CONNECT_TIMEOUT);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("invalid value '" + config.get(CONNECT_TIMEOUT_KEY).orElse("")
                    + "' for config key " + CONNECT_TIMEOUT_KEY + ": expected a positive duration such as 3s");
        }
        return d;
    }

    /** Message id of the transport-level handshake frames. */
    static final String HELLO = "livecontrol.relay.hello";
    /** Message id of the frame telling the remote transport that a link was closed on purpose. */
    static final String BYE = "livecontrol.relay.bye";

    /**
     * Opens a relayed link only once the remote's relay transport has answered through the leader: a hello
     * (a ping frame with message id {@value #HELLO}) goes out every 200 ms and the remote transport answers
     * it itself with a pong, so a peer that is gone, or not registered with this leader, fails the connect
     * instead of looking "connected". Hellos never reach the node above the transport.
     */
    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("relay transport is closed"));
        }
        if (!context.signaling().isConnected()) {
            return CompletableFuture.failedFuture(new TransportException(
                    "cannot relay to " + remote + ": no signaling server connected right now"));
        }
        RelayLink link = links.compute(remote, (id, existing) ->
                existing != null && existing.isOpen() ? existing : new RelayLink(id, this));
        if (link.hasHeardFromRemote()) {
            return CompletableFuture.completedFuture(link);
        }
        long timeoutMs = connectTimeout(context.config()).toMillis();
        CompletableFuture<Link> result = new CompletableFuture<>();
        link.onHello(() -> result.complete(link));
        ScheduledFuture<?> pinger = context.scheduler().scheduleWithFixedDelay(() -> {
            if (!result.isDone() && context.signaling().isConnected()) {
                byte[] ping = DataFrame.newBuilder().setMessageId(HELLO)
                        .setPing(Ping.newBuilder().setTimestamp(System.nanoTime())).build().toByteArray();
                context.signaling().send(remote, new Signal.Relay(ping));
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> timer = context.scheduler().schedule(() -> {
            if (result.completeExceptionally(new TransportException("relay peer " + remote
                    + " did not answer through the leader within " + timeoutMs + " ms"))) {
                link.close();
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        result.whenComplete((l, e) -> {
            pinger.cancel(false);
            timer.cancel(false);
        });
        return result;
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        if (!(signal instanceof Signal.Relay relay) || closed) {
            return;
        }
        DataFrame control = controlOf(relay.frame());
        if (control != null && BYE.equals(control.getMessageId())) {
            RelayLink gone = links.get(from);
            if (gone != null) {
                gone.closedByRemote("the peer closed the relayed link");
            }
            return;
        }
        DataFrame hello = control;
        if (hello != null && hello.hasPong()) {
            RelayLink waiting = links.get(from);
            if (waiting != null) {
                waiting.helloAnswered();
            }
            return;
        }
        RelayLink[] created = new RelayLink[1];
        RelayLink link = links.compute(from, (id, existing) -> {
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            created[0] = new RelayLink(id, this);
            return created[0];
        });
        if (created[0] != null) {
            TransportListener l = listener;
            if (l != null) {
                l.incomingLink(created[0]);
            }
        }
        if (hello != null) {
            // a controller opening a relayed link: the link exists now, answer so its connect completes
            byte[] pong = DataFrame.newBuilder().setMessageId(HELLO)
                    .setPong(Pong.newBuilder().setTimestamp(hello.getPing().getTimestamp())).build().toByteArray();
            context.signaling().send(from, new Signal.Relay(pong));
            return;
        }
        link.deliver(relay.frame());
    }

    /** The transport's own handshake and close frames; null for frames meant for the node above. */
    private static DataFrame controlOf(byte[] frame) {
        try {
            DataFrame f = DataFrame.parseFrom(frame);
            if (HELLO.equals(f.getMessageId()) && (f.hasPing() || f.hasPong())) {
                return f;
            }
            return BYE.equals(f.getMessageId()) && f.hasError() ? f : null;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return null; // not ours to judge: the node above decodes and answers bad frames
        }
    }

    void send(PeerId remote, byte[] frame) {
        if (!context.signaling().isConnected()) {
            throw new TransportException("cannot relay to " + remote + ": no signaling server connected right now");
        }
        context.signaling().send(remote, new Signal.Relay(frame)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("relay to {} failed: {}", remote, e.toString());
            }
        });
    }

    void removed(RelayLink link, boolean tellRemote) {
        links.remove(link.remote(), link);
        if (tellRemote && context.signaling().isConnected()) {
            byte[] bye = DataFrame.newBuilder().setMessageId(BYE)
                    .setError(org.mobileworship.livecontrol.protocol.v1.Error.newBuilder().setCode("closed")
                            .setMessage("relay link closed")).build().toByteArray();
            context.signaling().send(link.remote(), new Signal.Relay(bye));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (RelayLink l : new ArrayList<>(links.values())) {
            l.close();
        }
        links.clear();
    }
}
