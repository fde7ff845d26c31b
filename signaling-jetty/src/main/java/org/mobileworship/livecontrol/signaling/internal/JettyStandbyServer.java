package org.mobileworship.livecontrol.signaling.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.signaling.StandbyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's signaling port while it does not lead: the web pages (so a TV's bookmark of this node keeps loading),
 * {@code GET /health} answering 503 with {@code "standby": true} and the current leader's endpoint but no
 * {@code leaderId} (so no election or client ever takes this node for a leader), and {@code /signaling} refused
 * with 503 naming the leader. A small thread pool: it serves a page load now and then, nothing more.
 */
public final class JettyStandbyServer implements StandbyServer {
    private static final Logger LOG = LoggerFactory.getLogger(JettyStandbyServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebPagesHandler pages;
    private volatile LeaderStatus leader = LeaderStatus.none();
    private Server server; // guarded by this

    public JettyStandbyServer() {
        this(new WebPagesHandler());
    }

    JettyStandbyServer(WebPagesHandler pages) {
        this.pages = pages;
    }

    /** Whether there is anything to serve: without the livecontrol-web jar a standby server is not worth its threads. */
    public static boolean pagesAvailable() {
        return new WebPagesHandler().available();
    }

    @Override
    public synchronized InetSocketAddress start(InetSocketAddress bind) {
        if (server != null) {
            throw new IllegalStateException("standby server already started");
        }
        // One thread while nobody loads a page: the selector, which also accepts connections (no acceptor
        // thread blocked in accept()). A page load borrows a worker for the request; workers leave after 10 s.
        QueuedThreadPool pool = new QueuedThreadPool(8, 1, 10_000);
        pool.setName("livecontrol-standby");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Server s = new Server(pool);
        ServerConnector connector = new ServerConnector(s, 0, 1);
        String host = bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress();
        connector.setHost(host);
        connector.setPort(bind.getPort());
        s.addConnector(connector);
        s.setHandler(new Handler.Sequence(new StandbyHandler(), pages));
        // No graceful phase: this server is stopped when its node wins an election, and the leader's server binds
        // the port only after it. Graceful stop waits for open connections (the election probes' keep-alive ones
        // included) and held the new leader off the port for up to the whole timeout (≈0.4 s measured at cold
        // start, benchmarks/README.md); a page load cut here is retried by the browser against the leader.
        s.setStopTimeout(0);
        try {
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            if (causedByBind(e)) {
                throw new LiveControlException(ErrorKind.ADDRESS_IN_USE, "port " + bind.getPort() + " on " + host
                        + " is already in use, so"
                        + " this node cannot serve its pages while it follows; stop the other process or set"
                        + " livecontrol.signaling.port to a free port", e);
            }
            throw new LiveControlException("cannot start the standby page server on " + host + ":" + bind.getPort()
                    + ": " + e.getMessage(), e);
        }
        server = s;
        LOG.debug("standby pages on http://{}:{}/display", host, connector.getLocalPort());
        return new InetSocketAddress(bind.getAddress(), connector.getLocalPort());
    }

    @Override
    public void leaderChanged(LeaderStatus status) {
        leader = status;
    }

    @Override
    public synchronized void close() {
        Server s = server;
        server = null;
        if (s != null) {
            stopQuietly(s);
        }
    }

    private static boolean causedByBind(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.debug("error stopping the standby server", e);
        }
    }

    /** The standby's answer: where the leader is. */
    String healthBody() {
        LeaderStatus l = leader;
        ObjectNode n = JSON.createObjectNode();
        n.put("standby", true);
        n.put("ready", false);
        var candidates = n.putArray("leaderCandidates");
        if (l.hasLeader() && l.endpoint() != null && !l.self()) {
            String endpoint = endpoint(l.endpoint());
            n.put("leaderEndpoint", endpoint);
            candidates.add(endpoint);
        }
        return n.toString();
    }

    private static String endpoint(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private final class StandbyHandler extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (JettySignalingServer.HEALTH_PATH.equals(path)) {
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                // a page loaded from this node probes it to find the leader
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                response.write(true, ByteBuffer.wrap(healthBody().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
            if (JettySignalingServer.PATH.equals(path)) {
                LeaderStatus l = leader;
                Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "this node does not lead; " + (l.hasLeader() && l.endpoint() != null
                                ? "the leader is at ws://" + endpoint(l.endpoint()) + JettySignalingServer.PATH
                                : "no leader is known yet") + " (GET /health names it)");
                return true;
            }
            return false;
        }
    }
}
