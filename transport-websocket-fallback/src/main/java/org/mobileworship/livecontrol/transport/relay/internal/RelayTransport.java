package org.mobileworship.livecontrol.transport.relay.internal;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links are virtual: a link exists per remote peer and sends through whichever signaling server is current,
 * so relayed pairs move to a new leader by themselves. Frames sent while no leader is connected are refused
 * with an exception; the runtime's retries resend them once signaling is back.
 */
public final class RelayTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(RelayTransport.class);

    private final TransportContext context;
    private final Map<PeerId, RelayLink> links = new ConcurrentHashMap<>();
    private volatile TransportListener listener;
    private volatile boolean closed;

    public RelayTransport(TransportContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return RelayTransportProvider.NAME;
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Link> connect(PeerId remote) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("relay transport is closed"));
        }
        if (!context.signaling().isConnected()) {
            return CompletableFuture.failedFuture(new TransportException(
                    "cannot relay to " + remote + ": no signaling server connected right now"));
        }
        RelayLink link = links.compute(remote, (id, existing) ->
                existing != null && existing.isOpen() ? existing : new RelayLink(id, this));
        return CompletableFuture.completedFuture(link);
    }

    @Override
    public void onSignal(PeerId from, Signal signal) {
        if (!(signal instanceof Signal.Relay relay) || closed) {
            return;
        }
        RelayLink[] created = new RelayLink[1];
        RelayLink link = links.compute(from, (id, existing) -> {
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            created[0] = new RelayLink(id, this);
            return created[0];
        });
        if (created[0] != null) {
            TransportListener l = listener;
            if (l != null) {
                l.incomingLink(created[0]);
            }
        }
        link.deliver(relay.frame());
    }

    void send(PeerId remote, byte[] frame) {
        if (!context.signaling().isConnected()) {
            throw new TransportException("cannot relay to " + remote + ": no signaling server connected right now");
        }
        context.signaling().send(remote, new Signal.Relay(frame)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("relay to {} failed: {}", remote, e.toString());
            }
        });
    }

    void removed(RelayLink link) {
        links.remove(link.remote(), link);
    }

    @Override
    public void close() {
        closed = true;
        for (RelayLink l : new ArrayList<>(links.values())) {
            l.close();
        }
        links.clear();
    }
}
