package org.mobileworship.livecontrol.transport.relay.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
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
            throw Config.invalidValue(CONNECT_TIMEOUT_KEY, config.get(CONNECT_TIMEOUT_KEY).orElse(""),
                    "a positive duration such as 3s");
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
                context.signaling().send(remote, new Signal.Relay(seal(remote, ping)));
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

    /** The named error logged for a relayed frame that does not prove its sender. */
    public static final String UNAUTHENTICATED = "relay-unauthenticated";

    /**
     * Length of the signature trailer: protobuf fields 30 ({@code sender_signature}, a 64-byte P1363 signature)
     * and 31 ({@code sender_key}, the 91-byte DER of a P-256 key), each a 2-byte tag and a 1-byte length.
     */
    static final int TRAILER_BYTES = 3 + 64 + 3 + 91;

    /**
     * Signs a frame for {@code remote} with this device's key (when it has one), so the leader cannot forge,
     * alter or redirect it. The signature travels as a trailer of the two highest DataFrame fields appended to
     * the unchanged frame bytes: the frame stays a valid DataFrame (the leader decodes relayed frames) and a
     * canonical frame re-encoded by the leader ends with the same trailer.
     */
    private byte[] seal(PeerId remote, byte[] frame) {
        var key = context.deviceKey();
        if (key.isEmpty()) {
            return frame;
        }
        byte[] sig = key.get().sign(DeviceProofs.relayTranscript(context.localId().value(), remote.value(), frame));
        byte[] trailer = DataFrame.newBuilder().setSenderSignature(ByteString.copyFrom(sig))
                .setSenderKey(ByteString.copyFrom(key.get().publicKey())).build().toByteArray();
        byte[] out = new byte[frame.length + trailer.length];
        System.arraycopy(frame, 0, out, 0, frame.length);
        System.arraycopy(trailer, 0, out, frame.length, trailer.length);
        return out;
    }

    /**
     * The frame without its signature trailer if {@code from} may have sent it: a peer with a key-bound id must
     * have signed it, for this device, with the key its id names; frames of others (seed clients, nodes without
     * keys) are taken as they come. {@code null}: refused (logged with {@link #UNAUTHENTICATED}).
     */
    private byte[] open(PeerId from, byte[] frame) {
        if (!DeviceProofs.isKeyBound(from.value())) {
            return frame;
        }
        DataFrame trailer = null;
        if (frame.length >= TRAILER_BYTES) {
            try {
                DataFrame t = DataFrame.parseFrom(java.util.Arrays.copyOfRange(frame, frame.length - TRAILER_BYTES,
                        frame.length));
                if (t.getSenderSignature().size() == 64 && t.getSenderKey().size() == 91
                        && t.toBuilder().clearSenderKey().clearSenderSignature().build().getSerializedSize() == 0) {
                    trailer = t;
                }
            } catch (InvalidProtocolBufferException e) {
                trailer = null;
            }
        }
        byte[] plain = trailer == null ? frame : java.util.Arrays.copyOf(frame, frame.length - TRAILER_BYTES);
        byte[] key = trailer == null ? new byte[0] : trailer.getSenderKey().toByteArray();
        if (trailer == null || !DeviceProofs.peerIdOf(key).equals(from.value())
                || !DeviceProofs.verify(key, DeviceProofs.relayTranscript(from.value(), context.localId().value(),
                plain), trailer.getSenderSignature().toByteArray())) {
            LOG.warn("{}: dropped a relayed frame of {} bytes that {} did not sign for this device; the leader may"
                    + " be forging or altering relayed frames", UNAUTHENTICATED, frame.length, from);
            return null;
        }
        return plain;
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        if (!(signal instanceof Signal.Relay sealed) || closed) {
            return;
        }
        byte[] opened = open(from, sealed.frame());
        if (opened == null) {
            return;
        }
        Signal.Relay relay = new Signal.Relay(opened);
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
            context.signaling().send(from, new Signal.Relay(seal(from, pong)));
            return;
        }
        link.received(relay.frame());
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
        context.signaling().send(remote, new Signal.Relay(seal(remote, frame))).whenComplete((ok, e) -> {
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
            context.signaling().send(link.remote(), new Signal.Relay(seal(link.remote(), bye)));
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
