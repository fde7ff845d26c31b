package org.mobileworship.livecontrol.benchmarks;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The relay's baseline: what a user would build instead — a plain Jetty 12 WebSocket hub that forwards each
 * binary message from one client to the other (the way FreeShow and OpenLP push cues through a WebSocket server).
 * Client A sends the bytes; the hub forwards them to B; B sends the same bytes back through the hub; A times the
 * round trip. Same payload, same JVM, same run as the relay figure: no livecontrol code on the path.
 */
public final class JettyHubEcho implements AutoCloseable {
    private static final java.time.Duration IDLE = java.time.Duration.ofMinutes(15);
    private final Server server = new Server();
    private final WebSocketClient client = new WebSocketClient();
    /** B's client: {@link #client} again, or a client of its own (as a second device has). */
    private final WebSocketClient clientB;
    private final Map<String, Session> byName = new ConcurrentHashMap<>();
    /** Counts the two clients' arrival at the hub (their upgrade requests name them). */
    private final java.util.concurrent.CountDownLatch joined = new java.util.concurrent.CountDownLatch(2);
    private final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final Session a;

    JettyHubEcho() throws Exception {
        this(false);
    }

    /**
     * @param clientPerPeer whether B connects through a WebSocket client of its own (its own selector and
     *                      threads, as a second device — and the relay figure's second node — has), not A's
     */
    JettyHubEcho(boolean clientPerPeer) throws Exception {
        clientB = clientPerPeer ? new WebSocketClient() : client;
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // idle while the other sides warm up and run (tens of seconds in the full profile): Jetty's default 30 s could close the hub
        connector.setIdleTimeout(IDLE.toMillis());
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, context,
                container -> {
                    container.setIdleTimeout(IDLE);
                    container.addMapping("/hub", (rq, rs, cb) -> new HubEndpoint());
                });
        context.setHandler(ws);
        server.setHandler(context);
        server.start();
        client.setIdleTimeout(IDLE);
        client.start();
        if (clientB != client) {
            clientB.setIdleTimeout(IDLE);
            clientB.start();
        }
        URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/hub");
        Session b = clientB.connect(new Endpoint(null), uri.resolve("/hub?name=b")).get(10, TimeUnit.SECONDS);
        a = client.connect(new Endpoint(replies), uri.resolve("/hub?name=a")).get(10, TimeUnit.SECONDS);
        // registration reaches the hub with the upgrade; wait until both are known there
        if (!joined.await(10, TimeUnit.SECONDS) || !b.isOpen()) {
            throw new IllegalStateException("hub clients did not connect");
        }
    }

    /**
     * {@code count} sequential round trips of {@code payload} (A → hub → B → hub → A), in milliseconds, with
     * {@code pauseMs} between them (the same pace as the figure it is the baseline of).
     */
    double[] run(int count, byte[] payload, long pauseMs) throws Exception {
        double[] rtt = new double[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            CompletableFuture<Void> sent = new CompletableFuture<>();
            a.sendBinary(ByteBuffer.wrap(payload), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            if (replies.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no echo through the hub for message " + i);
            }
            rtt[i] = (System.nanoTime() - t) / 1e6;
            if (pauseMs > 0) {
                Nodes.sleep(pauseMs);
            }
        }
        return rtt;
    }

    @Override
    public void close() throws Exception {
        try {
            client.stop();
            if (clientB != client) {
                clientB.stop();
            }
        } finally {
            server.stop();
        }
    }

    /** The hub's side of a connection: forwards every binary message to the other client. */
    public final class HubEndpoint implements Session.Listener.AutoDemanding {
        private String name;

        @Override
        public void onWebSocketOpen(Session session) {
            String query = session.getUpgradeRequest().getRequestURI().getQuery();
            name = query == null ? "?" : query.substring(query.indexOf('=') + 1);
            byName.put(name, session);
            joined.countDown();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            Session other = byName.get(name.equals("a") ? "b" : "a");
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            callback.succeed();
            if (other != null) {
                other.sendBinary(ByteBuffer.wrap(copy), Callback.NOOP);
            }
        }
    }

    /** A client: B echoes what it receives; A hands replies to the timing loop. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final LinkedBlockingQueue<byte[]> replies;
        private volatile Session session;

        Endpoint(LinkedBlockingQueue<byte[]> replies) {
            this.replies = replies;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            callback.succeed();
            if (replies != null) {
                replies.offer(copy);
            } else {
                session.sendBinary(ByteBuffer.wrap(copy), Callback.NOOP);
            }
        }
    }
}
