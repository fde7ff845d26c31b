package org.mobileworship.livecontrol.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;

/** A link that records what the node sends (decoded) and lets a test play the remote side. */
final class FakeLink implements Link {
    final PeerId remote;
    final String transport;
    final LinkEncoding encoding;
    final boolean detectsLoss;
    final List<DataFrame> sent = new ArrayList<>();
    LinkListener listener;
    boolean open = true;
    int closeCalls;

    FakeLink(PeerId remote, String transport) {
        this(remote, transport, LinkEncoding.PROTOBUF, false);
    }

    FakeLink(PeerId remote, String transport, LinkEncoding encoding, boolean detectsLoss) {
        this.remote = remote;
        this.transport = transport;
        this.encoding = encoding;
        this.detectsLoss = detectsLoss;
    }

    private FrameCodec codec() {
        return FrameCodec.of(encoding == LinkEncoding.JSON ? WireFormat.JSON : WireFormat.PROTOBUF);
    }

    /** The remote side sends {@code frame} (the caller runs the loop to deliver it). */
    void receive(DataFrame frame) {
        listener.frame(codec().encodeData(frame));
    }

    DataFrame last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public PeerId remote() {
        return remote;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public LinkEncoding encoding() {
        return encoding;
    }

    @Override
    public void setListener(LinkListener listener) {
        this.listener = listener;
    }

    @Override
    public void send(byte[] frame) {
        if (!open) {
            throw new TransportException("link closed");
        }
        try {
            sent.add(codec().decodeData(frame));
        } catch (org.mobileworship.livecontrol.protocol.ProtocolException e) {
            throw new AssertionError("the node sent a frame that does not decode", e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean detectsRemoteLoss() {
        return detectsLoss;
    }

    @Override
    public LinkStats stats() {
        return LinkStats.EMPTY;
    }

    @Override
    public void close() {
        closeCalls++;
        if (open) {
            open = false;
            if (listener != null) {
                listener.closed("closed locally");
            }
        }
    }
}
