package com.example.livecontrol.udp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;

/**
 * One UDP link: selective retransmission with cumulative acks gives the ordered, reliable-while-open delivery the
 * SPI asks for. Frames that arrive before {@link #setListener} are buffered.
 */
final class UdpLink implements Link {
    static final int MAX_FRAME_BYTES = 16 * 1024;
    /** Unacknowledged frames a link holds before {@link #send} refuses more. */
    static final int MAX_UNACKED = 4096;
    /** Out-of-order frames a receiver holds while it waits for a gap to fill. */
    static final int MAX_OUT_OF_ORDER = 4096;
    private static final long RETRANSMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private enum State { CONNECTING, AWAITING_CONNECT, OPEN, CLOSED }

    private final UdpTransport transport;
    private final long id;
    private final PeerId remote;
    private final boolean initiator;
    private final CompletableFuture<Link> opened = new CompletableFuture<>();
    private final Object lock = new Object();
    private final Object delivery = new Object();

    // guarded by lock
    private State state;
    private SocketAddress remoteAddress;
    private int nextSeq = 1;
    private final TreeMap<Integer, Outgoing> unacked = new TreeMap<>();
    private int delivered; // highest in-order sequence received
    private final TreeMap<Integer, byte[]> outOfOrder = new TreeMap<>();
    private long lastHeard = System.nanoTime();
    private long lastSent = System.nanoTime();
    private long lastConnectSent;
    private long framesSent;
    private long framesReceived;
    private long bytesSent;
    private long bytesReceived;

    // guarded by delivery
    private LinkListener listener;
    private final ArrayDeque<byte[]> buffered = new ArrayDeque<>();
    private String closedReason;
    private boolean closedNotified;

    private static final class Outgoing {
        final Datagram datagram;
        long sentAt;

        Outgoing(Datagram datagram, long sentAt) {
            this.datagram = datagram;
            this.sentAt = sentAt;
        }
    }

    UdpLink(UdpTransport transport, long id, PeerId remote, boolean initiator, InetSocketAddress remoteAddress) {
        this.transport = transport;
        this.id = id;
        this.remote = remote;
        this.initiator = initiator;
        this.remoteAddress = remoteAddress;
        this.state = initiator ? State.CONNECTING : State.AWAITING_CONNECT;
    }

    long id() {
        return id;
    }

    boolean initiator() {
        return initiator;
    }

    CompletableFuture<Link> opened() {
        return opened;
    }

    @Override
    public PeerId remote() {
        return remote;
    }

    @Override
    public String transport() {
        return UdpTransportProvider.NAME;
    }

    @Override
    public LinkEncoding encoding() {
        return LinkEncoding.PROTOBUF;
    }

    @Override
    public void setListener(LinkListener l) {
        synchronized (delivery) {
            while (!buffered.isEmpty()) {
                l.frame(buffered.poll());
            }
            listener = l;
            if (closedReason != null && !closedNotified) {
                closedNotified = true;
                l.closed(closedReason);
            }
        }
    }

    @Override
    public void send(byte[] frame) {
        if (frame.length > MAX_FRAME_BYTES) {
            throw new TransportException("frame of " + frame.length + " bytes exceeds the udp link limit of "
                    + MAX_FRAME_BYTES + " bytes (to " + remote + ")");
        }
        Datagram d;
        SocketAddress to;
        synchronized (lock) {
            if (state != State.OPEN) {
                throw new TransportException("udp link to " + remote + " is " + state.name().toLowerCase());
            }
            if (unacked.size() >= MAX_UNACKED) {
                throw new TransportException("udp link to " + remote + " has " + MAX_UNACKED
                        + " unacknowledged frames; the peer is not keeping up");
            }
            d = new Datagram(Datagram.DATA, id, nextSeq++, frame.clone());
            long now = System.nanoTime();
            unacked.put(d.seq(), new Outgoing(d, now));
            lastSent = now;
            framesSent++;
            bytesSent += frame.length;
            to = remoteAddress;
        }
        transport.send(d, to);
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    @Override
    public LinkStats stats() {
        synchronized (lock) {
            return new LinkStats(framesSent, framesReceived, bytesSent, bytesReceived, null);
        }
    }

    @Override
    public void close() {
        close("closed locally");
    }

    // ------------------------------------------------------------------ transport side

    /** The display's welcome: where to send CONNECT. */
    void welcomed(InetSocketAddress address) {
        synchronized (lock) {
            if (state != State.CONNECTING || remoteAddress != null) {
                return;
            }
            remoteAddress = address;
            lastConnectSent = 0; // the next tick sends CONNECT
        }
    }

    void failConnect(String reason) {
        boolean failed;
        synchronized (lock) {
            failed = state == State.CONNECTING;
        }
        if (failed) {
            close(reason);
        }
    }

    void abandonIfNotOpen() {
        boolean abandon;
        synchronized (lock) {
            abandon = state == State.AWAITING_CONNECT;
            if (abandon) {
                state = State.CLOSED;
            }
        }
        if (abandon) {
            transport.forget(this);
        }
    }

    /** On the receiver thread. Datagrams from any address but the peer's are ignored. */
    void onDatagram(Datagram d, SocketAddress from) {
        boolean reportIncoming = false;
        boolean completeOpen = false;
        String closeReason = null;
        synchronized (lock) {
            if (state == State.CLOSED || remoteAddress == null || !remoteAddress.equals(from)) {
                return;
            }
            lastHeard = System.nanoTime();
            switch (d.type()) {
                case Datagram.CONNECT -> {
                    if (state == State.AWAITING_CONNECT) {
                        state = State.OPEN;
                        reportIncoming = true;
                    }
                    transport.send(Datagram.control(Datagram.CONNECT_ACK, id, 0), remoteAddress);
                }
                case Datagram.CONNECT_ACK -> {
                    if (state == State.CONNECTING) {
                        state = State.OPEN;
                        completeOpen = true;
                    }
                }
                case Datagram.DATA -> {
                    if (state == State.CONNECTING) { // the CONNECT_ACK was lost, the data proves the path
                        state = State.OPEN;
                        completeOpen = true;
                    }
                    if (state == State.OPEN) {
                        receive(d);
                    }
                }
                case Datagram.ACK -> unacked.headMap(d.seq(), true).clear();
                case Datagram.CLOSE -> closeReason = "the peer closed the udp link";
                default -> {
                    // KEEPALIVE: lastHeard is all it does
                }
            }
        }
        if (reportIncoming) {
            transport.reportIncoming(this);
        }
        if (completeOpen) {
            opened.complete(this);
        }
        if (closeReason != null) {
            closeFromRemote(closeReason);
        }
    }

    /** Holds lock. In-order frames go to the listener; later ones wait for the gap; an ack says how far we are. */
    private void receive(Datagram d) {
        int seq = d.seq();
        if (seq == delivered + 1) {
            deliver(d.payload());
            delivered = seq;
            for (Map.Entry<Integer, byte[]> next = outOfOrder.firstEntry();
                 next != null && next.getKey() == delivered + 1; next = outOfOrder.firstEntry()) {
                outOfOrder.pollFirstEntry();
                deliver(next.getValue());
                delivered = next.getKey();
            }
        } else if (seq > delivered + 1 && outOfOrder.size() < MAX_OUT_OF_ORDER) {
            outOfOrder.putIfAbsent(seq, d.payload());
        } // else: a duplicate of something delivered; the ack below tells the sender again
        transport.send(Datagram.control(Datagram.ACK, id, delivered), remoteAddress);
    }

    private void deliver(byte[] frame) {
        framesReceived++;
        bytesReceived += frame.length;
        synchronized (delivery) {
            if (listener == null) {
                buffered.add(frame);
            } else {
                listener.frame(frame);
            }
        }
    }

    /** On the node's scheduler: CONNECT retries, retransmission, keepalive, liveness. */
    void tick(long now) {
        String closeReason = null;
        synchronized (lock) {
            switch (state) {
                case CONNECTING -> {
                    if (remoteAddress != null && now - lastConnectSent >= RETRANSMIT_NANOS) {
                        lastConnectSent = now;
                        transport.send(Datagram.control(Datagram.CONNECT, id, 0), remoteAddress);
                    }
                }
                case OPEN -> {
                    long timeout = transport.settings().linkTimeout().toNanos();
                    Iterator<Outgoing> pending = unacked.values().iterator();
                    int resent = 0;
                    while (pending.hasNext() && resent < 256) {
                        Outgoing o = pending.next();
                        if (now - o.sentAt >= RETRANSMIT_NANOS) {
                            o.sentAt = now;
                            lastSent = now;
                            resent++;
                            transport.send(o.datagram, remoteAddress);
                        }
                    }
                    if (now - lastHeard > timeout) {
                        closeReason = "nothing heard from " + remote + " over udp for "
                                + transport.settings().linkTimeout().toMillis() + " ms";
                    } else if (now - lastSent >= KEEPALIVE_NANOS) {
                        lastSent = now;
                        transport.send(Datagram.control(Datagram.KEEPALIVE, id, 0), remoteAddress);
                    }
                }
                default -> {
                }
            }
        }
        if (closeReason != null) {
            close(closeReason);
        }
    }

    void closeFromRemote(String reason) {
        finish(reason, false);
    }

    void close(String reason) {
        finish(reason, true);
    }

    private void finish(String reason, boolean tellPeer) {
        SocketAddress to;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            to = remoteAddress;
            unacked.clear();
            outOfOrder.clear();
        }
        transport.forget(this);
        if (tellPeer) {
            if (to != null) {
                transport.send(Datagram.control(Datagram.CLOSE, id, 0), to);
            }
            // the datagram may be lost: say it through signaling too (best effort)
            transport.signal(remote, new Handshake(Handshake.BYE, id, null));
        }
        opened.completeExceptionally(new TransportException(reason + " (udp link to " + remote + ")"));
        synchronized (delivery) {
            closedReason = reason;
            if (listener != null && !closedNotified) {
                closedNotified = true;
                listener.closed(reason);
            }
        }
    }
}
