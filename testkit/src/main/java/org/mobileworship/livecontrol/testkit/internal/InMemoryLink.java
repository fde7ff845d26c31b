package org.mobileworship.livecontrol.testkit.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.plugin.support.AbstractLink;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;

/**
 * One end of an in-memory link. Frames are copied on send, pass the sender's fault pipeline and are handed
 * to the receiving end's listener on that end's own serial executor, so they arrive in order, one at a
 * time, and never on the sender's thread (the pipeline drains on that executor, so the base link delivers inline).
 */
final class InMemoryLink extends AbstractLink {
    private final InMemoryTransport owner;
    private final PeerId remote;
    private final SerialExecutor inbound;
    private InMemoryLink peer;
    private FaultPipeline outbound;

    private volatile boolean open = true;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    InMemoryLink(InMemoryTransport owner, PeerId remote) {
        this(owner, remote, owner.core().newSerial("link-" + owner.localId() + "<-" + remote));
    }

    private InMemoryLink(InMemoryTransport owner, PeerId remote, SerialExecutor inbound) {
        super(remote, inbound, Handoff.QUEUE);
        this.owner = owner;
        this.remote = remote;
        this.inbound = inbound;
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
    public String transport() {
        return InMemoryTransport.NAME;
    }

    @Override
    public LinkEncoding encoding() {
        return owner.encoding();
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
        // no closed check here: frames already in flight when the link closed still come before "closed"
        framesReceived.incrementAndGet();
        bytesReceived.addAndGet(frame.length);
        // Each delivery gets its own copy: a duplicated frame must not share an array the listener may mutate.
        deliver(frame.clone());
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
        if (closeEnd(localReason)) {
            peer.closeEnd(remoteReason);
        }
    }

    /** Used when the far end never got handed out. */
    void abandon() {
        closeEnd("abandoned");
    }

    private boolean closeEnd(String reason) {
        synchronized (this) {
            if (!open) {
                return false;
            }
            open = false;
        }
        outbound.close();
        owner.forget(this);
        // Queued after frames already handed to this end, so "closed" is the last callback; frames buffered
        // without a listener stay for a late setListener.
        markClosed(reason);
        return true;
    }
}
