package org.mobileworship.livecontrol.transport.relay.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;

/** One relayed pair. Frames are binary protobuf, as the relay signal requires. */
final class RelayLink implements Link {
    private final PeerId remote;
    private final RelayTransport transport;
    private final Queue<byte[]> early = new ArrayDeque<>();
    private LinkListener listener;
    private boolean open = true;
    private long framesSent;
    private long framesReceived;
    private long bytesSent;
    private long bytesReceived;

    RelayLink(PeerId remote, RelayTransport transport) {
        this.remote = remote;
        this.transport = transport;
    }

    @Override
    public PeerId remote() {
        return remote;
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
    public void setListener(LinkListener listener) {
        Queue<byte[]> buffered;
        synchronized (this) {
            this.listener = listener;
            buffered = new ArrayDeque<>(early);
            early.clear();
        }
        buffered.forEach(listener::frame);
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

    void deliver(byte[] frame) {
        LinkListener l;
        synchronized (this) {
            if (!open) {
                return;
            }
            framesReceived++;
            bytesReceived += frame.length;
            l = listener;
            if (l == null) {
                early.add(frame);
                return;
            }
        }
        l.frame(frame);
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
        LinkListener l;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            l = listener;
        }
        transport.removed(this);
        if (l != null) {
            l.closed("relay link closed");
        }
    }

    @Override
    public String toString() {
        return "relay link to " + remote;
    }
}
