package org.mobileworship.livecontrol.signaling.support;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.signaling.JettySignalingProvider;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingServer;

/** One server on an ephemeral 127.0.0.1 port plus the clients a test makes; closes everything. */
public final class Fixture implements AutoCloseable {
    public final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        return t;
    });
    public final Map<String, String> config = new HashMap<>();
    public final PeerId leaderId = PeerId.of("leader-1");
    public final JettySignalingProvider provider = new JettySignalingProvider();
    public JettySignalingServer server;
    public InetSocketAddress endpoint;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    public Fixture(Map<String, String> config) {
        this.config.putAll(config);
    }

    public Fixture start() {
        server = (JettySignalingServer) provider.createServer(new TestContext(scheduler, config));
        endpoint = server.start(new InetSocketAddress("127.0.0.1", 0), leaderId, 7);
        return this;
    }

    public int port() {
        return endpoint.getPort();
    }

    public SignalingClient client(RecordingListener listener) {
        SignalingClient c = provider.createClient(new TestContext(scheduler, config));
        c.setListener(listener);
        toClose.add(c);
        return c;
    }

    public RawWs raw(String... subprotocols) throws Exception {
        RawWs r = RawWs.open(port(), subprotocols);
        toClose.add(r);
        return r;
    }

    /** A connected client registered as a controller in session "". */
    public Peer controller(String id) throws Exception {
        return peer(id, PeerType.controller(), "");
    }

    public Peer display(String id) throws Exception {
        return peer(id, PeerType.display(DisplayClass.STAGE), "");
    }

    public Peer peer(String id, PeerType type, String session) throws Exception {
        RecordingListener l = new RecordingListener();
        SignalingClient c = client(l);
        c.connect(endpoint, new Registration(PeerId.of(id), type, id + " name", session))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Peer(PeerId.of(id), c, l);
    }

    public record Peer(PeerId id, SignalingClient client, RecordingListener listener) {
    }

    @Override
    public void close() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (server != null) {
            server.close("test over");
        }
        scheduler.shutdownNow();
    }
}
