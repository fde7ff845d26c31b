package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.plugin.support.AbstractLink;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.mobileworship.livecontrol.testkit.internal.FaultPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps any {@link Transport} (e.g. the real WebRTC one) and applies {@link Faults} to its links: delay
 * and jitter, drop, duplicate, reorder — what {@code netem} would do, which this project's test kernel
 * lacks. {@code outgoing} applies to frames this node sends, {@code incoming} to frames it receives.
 *
 * <pre>{@code
 * Faults lossy = new Faults().drop(0.05).delay(Duration.ofMillis(20), Duration.ofMillis(10)).seed(7);
 * Transport t = new FaultInjectingTransport(realTransport, lossy, new Faults());
 * }</pre>
 *
 * <p>Frames larger than {@value #MAX_FRAME_BYTES} bytes are refused up front (delayed sends could not
 * report the delegate's refusal). A delayed frame whose link closed meanwhile is lost, as on a real
 * breaking link. The wrapper has its own timer and worker threads, stopped by {@link #close()}.
 */
public final class FaultInjectingTransport implements Transport {
    /** Largest frame accepted (the seed's data-channel limit). */
    public static final int MAX_FRAME_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingTransport.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Transport delegate;
    private final Faults outgoing;
    private final Faults incoming;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService pool;
    private final AtomicLong linkCounter = new AtomicLong();
    /** Links with a listener that has not yet heard {@code closed}. */
    private final Set<FaultyLink> awaitingClosed = new HashSet<>();
    /** How long {@link #close()} waits for the delegate's links to report closed. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** Faults on outgoing frames only. */
    public FaultInjectingTransport(Transport delegate, Faults outgoing) {
        this(delegate, outgoing, new Faults());
    }

    public FaultInjectingTransport(Transport delegate, Faults outgoing, Faults incoming) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.outgoing = Objects.requireNonNull(outgoing, "outgoing");
        this.incoming = Objects.requireNonNull(incoming, "incoming");
        String prefix = "fault-injector-" + INSTANCES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreadFactory.named(prefix + "-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.pool = Executors.newCachedThreadPool(DaemonThreadFactory.named(prefix + "-worker"));
    }

    /** The wrapped transport. */
    public Transport delegate() {
        return delegate;
    }

    public Faults outgoingFaults() {
        return outgoing;
    }

    public Faults incomingFaults() {
        return incoming;
    }

    /** The delegate's name, so the runtime and its users see the real transport. */
    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start(TransportListener listener) {
        Objects.requireNonNull(listener, "listener");
        delegate.start(link -> listener.incomingLink(wrap(link)));
    }

    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        return delegate.connect(remote).thenApply(this::wrap);
    }

    /** The peer's declared encodings reach the wrapped transport (it chooses the link's encoding). */
    @Override
    public CompletionStage<Link> connect(org.mobileworship.livecontrol.api.PeerInfo remote) {
        return delegate.connect(remote).thenApply(this::wrap);
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        delegate.onSignal(from, signal);
    }

    @Override
    public void signalingChanged(boolean connected) {
        delegate.signalingChanged(connected);
    }

    @Override
    public void networkChanged() {
        delegate.networkChanged();
    }

    @Override
    public void close() {
        try {
            delegate.close();
            awaitClosedCallbacks();
        } finally {
            scheduler.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** The delegate reports its links closed asynchronously; relay those callbacks before stopping threads. */
    private void awaitClosedCallbacks() {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        synchronized (awaitingClosed) {
            while (!awaitingClosed.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.debug("{} link(s) did not report closed within {}", awaitingClosed.size(), CLOSE_GRACE);
                    return;
                }
                try {
                    awaitingClosed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closedNotified(FaultyLink link) {
        synchronized (awaitingClosed) {
            awaitingClosed.remove(link);
            awaitingClosed.notifyAll();
        }
    }

    private Link wrap(Link link) {
        return new FaultyLink(link, linkCounter.incrementAndGet());
    }

    /**
     * The wrapped link's frames pass the incoming fault pipeline, which drains on this link's delivery loop;
     * the base link buffers them until the listener is set and puts {@code closed} after them.
     */
    private final class FaultyLink extends AbstractLink {
        private final Link link;
        private final FaultPipeline out;

        FaultyLink(Link link, long index) {
            this(link, index, new SerialExecutor(pool, "fault-in-" + link.remote() + "#" + index,
                    SerialExecutor.OnRejection.DISCARD));
        }

        private FaultyLink(Link link, long index, SerialExecutor inSerial) {
            super(link.remote(), inSerial, Handoff.QUEUE);
            this.link = link;
            String id = link.remote() + "#" + index;
            SerialExecutor outSerial = new SerialExecutor(pool, "fault-out-" + id, SerialExecutor.OnRejection.DISCARD);
            this.out = new FaultPipeline(() -> outgoing, FaultPipeline.salt("out:" + id), scheduler, outSerial,
                    frame -> {
                        try {
                            link.send(frame);
                        } catch (TransportException e) {
                            LOG.debug("delayed frame to {} lost: {}", link.remote(), e.getMessage());
                        }
                    });
            FaultPipeline in = new FaultPipeline(() -> incoming, FaultPipeline.salt("in:" + link.remote()),
                    scheduler, inSerial, this::deliver);
            link.setListener(new LinkListener() {
                @Override
                public void frame(byte[] frame) {
                    in.submit(frame);
                }

                @Override
                public void closed(String reason) {
                    in.close();
                    markClosed(reason);
                }
            });
        }

        @Override
        public String transport() {
            return link.transport();
        }

        @Override
        public LinkEncoding encoding() {
            return link.encoding();
        }

        // detectsRemoteLoss() stays false even over WebRTC: injected drops are invisible to the wrapped
        // transport's own liveness, so the runtime's silence timeout must be the one that notices them

        /** From now until the listener heard {@code closed}, {@link #close()} waits for that callback. */
        @Override
        public void setListener(LinkListener listener) {
            Objects.requireNonNull(listener, "listener");
            synchronized (awaitingClosed) {
                awaitingClosed.add(this);
            }
            super.setListener(listener);
        }

        @Override
        protected void closedDelivered() {
            closedNotified(this);
        }

        @Override
        public void send(byte[] frame) {
            Objects.requireNonNull(frame, "frame");
            if (!link.isOpen()) {
                throw new TransportException("link to " + link.remote() + " is closed");
            }
            if (frame.length > MAX_FRAME_BYTES) {
                throw new TransportException("frame of " + frame.length + " bytes to " + link.remote()
                        + " exceeds the " + MAX_FRAME_BYTES + "-byte limit");
            }
            out.submit(frame.clone());
        }

        @Override
        public boolean isOpen() {
            return link.isOpen();
        }

        @Override
        public LinkStats stats() {
            return link.stats();
        }

        @Override
        public void close() {
            out.close();
            link.close();
        }
    }
}
