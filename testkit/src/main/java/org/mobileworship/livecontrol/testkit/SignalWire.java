package org.mobileworship.livecontrol.testkit;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;

/**
 * A stand-in for the leader's signaling between transports under test: a signal one peer sends reaches
 * the target's {@link Transport#onSignal} with the sender's id, in order, on one thread of its own.
 * A target not attached fails the send with {@code unknown-peer}. {@link #close()} stops the thread.
 */
public final class SignalWire implements AutoCloseable {
    private final Map<PeerId, Transport> attached = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("signal-wire"));
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean connected = true;

    /** The sender a transport of {@code self} gets in its {@link org.mobileworship.livecontrol.api.spi.transport.TransportContext}. */
    public SignalSender sender(PeerId self) {
        return new SignalSender() {
            @Override
            public CompletionStage<Void> send(PeerId target, Signal signal) {
                if (!connected) {
                    return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO, "signal wire is down"));
                }
                Transport t = attached.get(target);
                if (t == null) {
                    return CompletableFuture.failedFuture(new SignalingException(ErrorCodes.UNKNOWN_PEER,
                            "peer " + target + " is not on the signal wire"));
                }
                try {
                    return CompletableFuture.runAsync(() -> {
                        delivered.incrementAndGet();
                        t.onSignal(self, signal);
                    }, thread);
                } catch (RejectedExecutionException e) {
                    return CompletableFuture.failedFuture(new SignalingException(ErrorKind.IO, "signal wire closed"));
                }
            }

            @Override
            public boolean isConnected() {
                return connected;
            }
        };
    }

    /** Routes signals addressed to {@code peer} to {@code transport}. */
    public void attach(PeerId peer, Transport transport) {
        attached.put(peer, transport);
    }

    public void detach(PeerId peer) {
        attached.remove(peer);
    }

    /** Simulates the signaling connection going down ({@code false}) or up. */
    public void setConnected(boolean up) {
        this.connected = up;
    }

    /** Signals delivered so far. */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
