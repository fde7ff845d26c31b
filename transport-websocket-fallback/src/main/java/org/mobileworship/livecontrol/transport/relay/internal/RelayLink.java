package org.mobileworship.livecontrol.transport.relay.internal;

import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.plugin.support.AbstractLink;
import org.mobileworship.livecontrol.plugin.support.SerialExecutor;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;

/**
 * One relayed pair. Frames are binary protobuf, as the relay signal requires. Received frames reach the
 * listener on the thread that delivers them (the signaling client's event thread) or, while another thread is
 * delivering (a {@link #setListener} handing over the buffer), right after it, in order: the delivery loop runs
 * on its callers, with no thread of its own.
 */
final class RelayLink extends AbstractLink {
    private final PeerId remote;
    private final RelayTransport transport;
    private boolean heard;
    private Runnable firstFrameHook;
    private boolean open = true;
    private long framesSent;
    private long framesReceived;
    private long bytesSent;
    private long bytesReceived;

    RelayLink(PeerId remote, RelayTransport transport) {
        super(remote, new SerialExecutor(Runnable::run, "relay-" + remote, SerialExecutor.OnRejection.RUN_ON_CALLER),
                Handoff.QUEUE);
        this.remote = remote;
        this.transport = transport;
    }

    @Override
    public String transport() {
        return RelayTransportProvider.NAME;
    }

    @Override
    public LinkEncoding encoding() {
        return LinkEncoding.PROTOBUF;
    }

    @Override
    public void send(byte[] frame) {
        if (frame.length > ProtocolLimits.MAX_DATA_FRAME_BYTES) {
            throw new TransportException("frame of " + frame.length + " bytes to " + remote + " exceeds the "
                    + ProtocolLimits.MAX_DATA_FRAME_BYTES + "-byte limit");
        }
        synchronized (this) {
            if (!open) {
                throw new TransportException("relay link to " + remote + " is closed");
            }
            framesSent++;
            bytesSent += frame.length;
        }
        transport.send(remote, frame);
    }

    synchronized boolean hasHeardFromRemote() {
        return heard;
    }

    /** The remote's relay transport answered a hello: the pair works. */
    void helloAnswered() {
        Runnable hook;
        synchronized (this) {
            hook = firstFrameHook;
            heard = true;
            firstFrameHook = null;
        }
        if (hook != null) {
            hook.run();
        }
    }

    /** Runs {@code hook} once the remote is known to answer (now, if it already did). */
    void onHello(Runnable hook) {
        boolean now;
        synchronized (this) {
            now = heard;
            if (!now) {
                firstFrameHook = hook;
            }
        }
        if (now) {
            hook.run();
        }
    }

    void received(byte[] frame) {
        Runnable hook;
        synchronized (this) {
            if (!open) {
                return;
            }
            hook = heard ? null : firstFrameHook;
            heard = true;
            firstFrameHook = null;
        }
        if (hook != null) {
            hook.run();
        }
        synchronized (this) {
            framesReceived++;
            bytesReceived += frame.length;
        }
        deliver(frame);
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized LinkStats stats() {
        return new LinkStats(framesSent, framesReceived, bytesSent, bytesReceived, null);
    }

    @Override
    public void close() {
        close("relay link closed", true);
    }

    void closedByRemote(String reason) {
        close(reason, false);
    }

    private void close(String reason, boolean tellRemote) {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        transport.removed(this, tellRemote);
        markClosed(reason);
    }

    @Override
    public String toString() {
        return "relay link to " + remote;
    }
}
