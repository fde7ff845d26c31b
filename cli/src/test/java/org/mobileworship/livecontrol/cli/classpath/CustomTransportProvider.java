package org.mobileworship.livecontrol.cli.classpath;

import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;

/**
 * What a plugin author ships: a transport provider in its own jar. For the test it re-labels the relay
 * transport (so it works on loopback without new networking) under its own name and a high priority.
 */
public final class CustomTransportProvider implements TransportProvider {
    static final String NAME = "custom-carrier";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 500;
    }

    @Override
    public Transport create(TransportContext context) {
        Transport inner = new RelayTransportProvider().create(context);
        return new Transport() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public void start(TransportListener listener) {
                inner.start(link -> listener.incomingLink(renamed(link)));
            }

            @Override
            public CompletionStage<Link> connect(PeerId remote) {
                return inner.connect(remote).thenApply(CustomTransportProvider::renamed);
            }

            @Override
            public void onSignal(PeerId from, Signal signal) {
                inner.onSignal(from, signal);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    static Link renamed(Link link) {
        return new Link() {
            public PeerId remote() {
                return link.remote();
            }

            public String transport() {
                return NAME;
            }

            public LinkEncoding encoding() {
                return link.encoding();
            }

            public void setListener(LinkListener l) {
                link.setListener(l);
            }

            public void send(byte[] frame) {
                link.send(frame);
            }

            public boolean isOpen() {
                return link.isOpen();
            }

            public LinkStats stats() {
                return link.stats();
            }

            public void close() {
                link.close();
            }
        };
    }
}
