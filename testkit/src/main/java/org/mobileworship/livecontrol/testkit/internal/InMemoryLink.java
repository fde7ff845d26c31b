package org.mobileworship.livecontrol.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;

/**
 * One end of an in-memory link. Frames are copied on send, pass the sender's fault pipeline and are handed
 * to the receiving end's listener on that end's own serial executor, so they arrive in order, one at a
 * time, and never on the sender's thread.
 */
final class InMemoryLink implements Link {
    private final InMemoryTransport owner;
    private final PeerId remote;
    private final SerialExecutor inbound;
    private InMemoryLink peer;
    private FaultPipeline outbound;

    // Touched only on the inbound serial executor.
    private LinkListener listener;
    private final List<byte[]> buffered = new ArrayList<>();
    private String closedReason;
    private boolean closedNotified;

    private volatile boolean open = true;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    InMemoryLink(InMemoryTransport owner, PeerId remote) {
        this.owner = owner;
        this.remote = remote;
        this.inbound = owner.core().newSerial("link-" + owner.localId() + "<-" + remote);
    }

    static void pair(InMemoryLink a, InMemoryLink b, int linkIndex) {
        a.peer = b;
        b.peer = a;
        NetworkCore core = a.owner.core();
        PeerId aId = a.owner.localId();
        PeerId bId = b.owner.localId();
        a.outbound = new FaultPipeline(() -> core.faultsFor(aId, bId),
                FaultPipeline.salt(aId + "->" + bId + "#" + linkIndex), core.scheduler(), b.inbound, b::receive);
        b.outbound = new FaultPipeline(() -> core.faultsFor(bId, aId),
                FaultPipeline.salt(bId + "->" + aId + "#" + linkIndex), core.scheduler(), a.inbound, a::receive);
    }

    @Override
    public PeerId remote() {
        return remote;
    }

    @Override
    public String transport() {
        return InMemoryTransport.NAME;
    }

    @Override
    public LinkEncoding encoding() {
        return owner.encoding();
    }

    @Override
    public void setListener(LinkListener linkListener) {
        Objects.requireNonNull(linkListener, "listener");
        inbound.execute(() -> {
            listener = linkListener;
            for (byte[] f : buffered) {
                linkListener.frame(f);
            }
            buffered.clear();
            if (closedReason != null && !closedNotified) {
                closedNotified = true;
                linkListener.closed(closedReason);
            }
        });
    }

    @Override
    public void send(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (!open) {
            throw new TransportException("in-memory link to " + remote + " is closed");
        }
        if (frame.length > InMemoryTransport.MAX_FRAME_BYTES) {
            throw new TransportException("frame of " + frame.length + " bytes to " + remote + " exceeds the "
                    + InMemoryTransport.MAX_FRAME_BYTES + "-byte limit");
        }
        framesSent.incrementAndGet();
        bytesSent.addAndGet(frame.length);
        outbound.submit(frame.clone());
    }

    /** On the inbound executor. */
    private void receive(byte[] frame) {
        if (closedReason != null) {
            return;
        }
        framesReceived.incrementAndGet();
        bytesReceived.addAndGet(frame.length);
        // Each delivery gets its own copy: a duplicated frame must not share an array the listener may mutate.
        byte[] copy = frame.clone();
        if (listener == null) {
            buffered.add(copy);
        } else {
            listener.frame(copy);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(framesSent.get(), framesReceived.get(), bytesSent.get(), bytesReceived.get(), null);
    }

    @Override
    public void close() {
        closeBothEnds("closed locally", "closed by remote peer");
    }

    void closeBothEnds(String localReason, String remoteReason) {
        if (markClosed(localReason)) {
            peer.markClosed(remoteReason);
        }
    }

    /** Used when the far end never got handed out. */
    void abandon() {
        markClosed("abandoned");
    }

    private boolean markClosed(String reason) {
        synchronized (this) {
            if (!open) {
                return false;
            }
            open = false;
        }
        outbound.close();
        owner.forget(this);
        // Queued after frames already handed to this end, so "closed" is the last callback.
        inbound.execute(() -> {
            closedReason = reason; // frames buffered without a listener stay for a late setListener
            if (listener != null && !closedNotified) {
                closedNotified = true;
                listener.closed(reason);
            }
        });
        return true;
    }
}
