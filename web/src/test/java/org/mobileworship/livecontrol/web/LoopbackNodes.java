package org.mobileworship.livecontrol.web;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * Real nodes for the web module's tests: mDNS on 127.0.0.1, signaling on an ephemeral loopback port, WebRTC only,
 * all in one random session. Closes everything it started (and whatever a test hands it), newest first.
 */
final class LoopbackNodes implements AutoCloseable {
    final String session;
    private final List<AutoCloseable> started = new ArrayList<>();

    LoopbackNodes(String sessionPrefix) {
        this.session = sessionPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private LoopbackNodes(String session, boolean exact) {
        this.session = session;
    }

    /** Nodes in an existing session (e.g. a child JVM joining its parent's). */
    static LoopbackNodes inSession(String session) {
        return new LoopbackNodes(session, true);
    }

    /** Builds and starts a node; {@code config} is key, value, key, value… on top of the loopback defaults. */
    LiveControl node(PeerType type, String name, String... config) {
        LiveControl.Builder b = LiveControl.builder().role(type).displayName(name)
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.transports", "webrtc")
                .config("livecontrol.session", session)
                .config("livecontrol.security", "open"); // the seed's JSON clients (open mode); paired tests override
        for (int i = 0; i + 1 < config.length; i += 2) {
            b.config(config[i], config[i + 1]);
        }
        LiveControl n = closeLater(b.build());
        n.start();
        return n;
    }

    /** Closes {@code c} with the nodes. */
    <T extends AutoCloseable> T closeLater(T c) {
        started.add(c);
        return c;
    }

    /** Waits until {@code n} leads (alone in the session) and serves signaling; its endpoint. */
    static InetSocketAddress leaderEndpoint(LiveControl n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> n.leaderStatus().self() && n.leaderStatus().endpoint() != null);
        return n.leaderStatus().endpoint();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        started.clear();
    }
}
