package org.mobileworship.livecontrol.plugin.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of the {@link Link} contract, written once: frames that arrive before
 * {@link #setListener} are buffered and handed over first; frames reach the listener in arrival order, one at a
 * time; the listener hears {@link LinkListener#closed} exactly once, after every frame received before the link
 * closed, and no frame after it — also when the listener is set only after the close.
 *
 * <p>Everything the listener sees runs on one {@link SerialExecutor} (the "delivery loop") given by the subclass.
 * A transport hands a received frame to {@link #deliver} and a close to {@link #markClosed} from any thread;
 * when it already runs on the delivery loop (e.g. a fault pipeline draining on it) the work runs inline, as in
 * Netty's {@code inEventLoop()}. Listener exceptions are logged and do not stop delivery.
 *
 * <p>Subclasses implement sending, stats and {@link #close()} (which ends in {@link #markClosed}).
 */
public abstract class AbstractLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractLink.class);

    /** How {@link #deliver} reaches the delivery loop from a foreign thread. */
    public enum Handoff {
        /** Always queue: the caller never runs listener code (e.g. a native callback thread that must not wait). */
        QUEUE,
        /**
         * Run on the caller when the loop is idle, else queue: saves a thread hop per frame, for callers that
         * may run listener code (listeners only enqueue, per the {@link LinkListener} contract).
         */
        INLINE_IF_IDLE
    }

    private final PeerId remote;
    private final SerialExecutor delivery;
    private final Handoff handoff;

    // touched only on the delivery loop
    private LinkListener listener;
    private List<byte[]> early = new ArrayList<>();
    private boolean closedOnLoop;
    private boolean closedDelivered;

    // guarded by this
    private String closedReason;

    /**
     * @param remote   the peer at the other end
     * @param delivery the loop listener callbacks run on; one per link (it may share a pool with others)
     * @param handoff  how {@link #deliver} reaches the loop from another thread
     */
    protected AbstractLink(PeerId remote, SerialExecutor delivery, Handoff handoff) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
    }

    @Override
    public final PeerId remote() {
        return remote;
    }

    /**
     * Sets (or replaces) the listener; frames buffered so far reach it first, then {@code closed} if the link
     * already closed. Overrides must call {@code super.setListener}.
     */
    @Override
    public void setListener(LinkListener newListener) {
        Objects.requireNonNull(newListener, "listener");
        onLoop(() -> {
            listener = newListener;
            List<byte[]> buffered = early;
            early = null;
            if (buffered != null) {
                for (byte[] frame : buffered) {
                    safely(() -> newListener.frame(frame));
                }
            }
            if (closedOnLoop) {
                deliverClosed();
            }
        }, Handoff.QUEUE);
    }

    /**
     * Hands a received frame to the listener (or the buffer), in the order of {@code deliver} calls; dropped
     * once the listener heard {@code closed}. The array is passed on as is: copy first if the caller reuses it.
     */
    protected final void deliver(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        onLoop(() -> {
            if (closedOnLoop) {
                return; // a frame racing the close: the contract puts closed last
            }
            LinkListener l = listener;
            if (l == null) {
                early.add(frame);
            } else {
                safely(() -> l.frame(frame));
            }
        }, handoff);
    }

    /**
     * Marks the link closed; the listener hears {@code closed(reason)} once, after the frames delivered before
     * this call (now, or when it is set). Only the first call counts.
     *
     * @return whether this call closed the link (false: it was closed already)
     */
    protected final boolean markClosed(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (this) {
            if (closedReason != null) {
                return false;
            }
            closedReason = reason;
        }
        onLoop(() -> {
            closedOnLoop = true;
            deliverClosed();
        }, Handoff.QUEUE);
        return true;
    }

    /** Why the link closed, or {@code null} while it is open. */
    protected final synchronized String closedReason() {
        return closedReason;
    }

    /** Whether {@link #markClosed} was called. */
    protected final boolean isMarkedClosed() {
        return closedReason() != null;
    }

    /** Whether the calling thread runs on this link's delivery loop. */
    protected final boolean inDeliveryLoop() {
        return delivery.inLoop();
    }

    /** Called on the delivery loop right after the listener heard {@code closed}. Default: nothing. */
    protected void closedDelivered() {
    }

    private void deliverClosed() {
        LinkListener l = listener;
        if (l == null || closedDelivered) {
            return;
        }
        closedDelivered = true;
        String reason = closedReason();
        safely(() -> l.closed(reason));
        closedDelivered();
    }

    private void onLoop(Runnable task, Handoff from) {
        if (delivery.inLoop()) {
            task.run();
        } else if (from == Handoff.INLINE_IF_IDLE) {
            delivery.executeInlineIfIdle(task);
        } else {
            delivery.execute(task);
        }
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("link listener for {} threw", remote, e);
        }
    }
}
