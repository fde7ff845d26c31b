package com.example.livecontrol.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket per node; links are identified by a random 64-bit id chosen by the controller. Setup:
 * {@code hello} (signaling) → {@code welcome} (signaling) → CONNECT / CONNECT_ACK datagrams, so a link opens
 * only once the UDP path works both ways. One receiver thread reads the socket and delivers frames; the node's
 * scheduler drives retransmission and keepalives.
 */
final class UdpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final SecureRandom IDS = new SecureRandom();
    static final long TICK_MS = 20;

    private final TransportContext context;
    private final UdpSettings settings;
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final Map<Long, UdpLink> links = new ConcurrentHashMap<>();
    private final Thread receiver;
    private final ScheduledFuture<?> ticker;
    private volatile TransportListener listener;
    private volatile boolean closed;

    UdpTransport(TransportContext context, UdpSettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = settings;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(settings.bindAddress(), 0));
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new TransportException("udp transport cannot bind " + settings.bindAddress().getHostAddress()
                    + ": " + e.getMessage() + " (set livecontrol.udp.bind-address to an address of this machine)", e);
        }
        receiver = new Thread(this::receiveLoop, "udp-transport-" + INSTANCES.incrementAndGet() + "-rx");
        receiver.setDaemon(true);
        receiver.start();
        ticker = context.scheduler().scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.debug("udp transport of {} listening on {}", context.localId(), local);
    }

    @Override
    public String name() {
        return UdpTransportProvider.NAME;
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        Objects.requireNonNull(remote, "remote");
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("udp transport is closed; cannot connect to " + remote));
        }
        long id = IDS.nextLong();
        UdpLink link = new UdpLink(this, id, remote, true, null);
        links.put(id, link);
        signal(remote, new Handshake(Handshake.HELLO, id, local)).whenComplete((ok, error) -> {
            if (error != null) {
                link.failConnect("cannot signal " + remote + " to open a udp link: " + rootMessage(error));
            }
        });
        ScheduledFuture<?> timeout = context.scheduler().schedule(() -> link.failConnect("udp peer " + remote
                + " did not complete the handshake within " + settings.connectTimeout().toMillis() + " ms"),
                settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        link.opened().whenComplete((l, e) -> timeout.cancel(false));
        return link.opened();
    }

    /**
     * Only our own transport signals are used; every other signal, and any of ours that does not parse or does
     * not match a link of its sender, is ignored here and never touches an open link.
     */
    @Override
    public void onSignal(PeerId from, Signal signal) {
        if (closed || !(signal instanceof Signal.TransportSignal ts) || !ts.isFor(name())) {
            return;
        }
        Handshake h;
        try {
            h = Handshake.parse(ts.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring a udp signal from {} that this transport cannot use: {}", from, e.getMessage());
            return;
        }
        UdpLink known = links.get(h.linkId());
        switch (h.kind()) {
            case Handshake.HELLO -> {
                if (known != null) {
                    return; // a repeated hello: the welcome already went out
                }
                UdpLink link = new UdpLink(this, h.linkId(), from, false, h.address());
                if (links.putIfAbsent(h.linkId(), link) == null) {
                    signal(from, new Handshake(Handshake.WELCOME, h.linkId(), local));
                    // forget a hello whose CONNECT never comes; it was never reported, so nobody notices
                    context.scheduler().schedule(() -> link.abandonIfNotOpen(), settings.connectTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            case Handshake.WELCOME -> {
                if (known == null || !known.remote().equals(from) || !known.initiator()) {
                    LOG.debug("ignoring a udp welcome from {} for a link it did not open", from);
                    return;
                }
                known.welcomed(h.address());
            }
            case Handshake.BYE -> {
                if (known != null && known.remote().equals(from)) {
                    known.closeFromRemote("the peer closed the udp link");
                }
            }
            default -> LOG.debug("ignoring udp handshake kind {}", h.kind());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        for (UdpLink l : new ArrayList<>(links.values())) {
            l.close("udp transport closed");
        }
        links.clear();
        try {
            channel.close(); // ends the receiver's blocking receive()
        } catch (IOException e) {
            LOG.debug("closing the udp socket: {}", e.toString());
        }
        try {
            receiver.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ for links

    void send(Datagram d, SocketAddress to) {
        try {
            channel.send(d.encode(), to);
        } catch (ClosedChannelException e) {
            // closing: nothing more goes out
        } catch (IOException e) {
            LOG.debug("udp send to {} failed: {}", to, e.toString());
        }
    }

    CompletionStage<Void> signal(PeerId to, Handshake h) {
        try {
            return context.signaling().send(to, new Signal.TransportSignal(name(), h.encode()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void reportIncoming(UdpLink link) {
        TransportListener l = listener;
        if (l == null) {
            link.close("udp transport not started");
            return;
        }
        l.incomingLink(link);
    }

    void forget(UdpLink link) {
        links.remove(link.id(), link);
    }

    UdpSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ threads

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (!closed) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("udp transport stops receiving: {}", e.toString());
                }
                return;
            }
            buffer.flip();
            Datagram d = Datagram.decode(buffer);
            if (d == null) {
                continue; // not ours
            }
            UdpLink link = links.get(d.linkId());
            if (link == null) {
                if (d.type() != Datagram.CLOSE) {
                    send(Datagram.control(Datagram.CLOSE, d.linkId(), 0), from); // "no such link": stop sending
                }
                continue;
            }
            try {
                link.onDatagram(d, from);
            } catch (RuntimeException e) {
                LOG.warn("udp link {} failed on a datagram: {}", link.remote(), e.toString());
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (UdpLink l : links.values()) {
            try {
                l.tick(now);
            } catch (RuntimeException e) {
                LOG.warn("udp link {} tick failed: {}", l.remote(), e.toString());
            }
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
