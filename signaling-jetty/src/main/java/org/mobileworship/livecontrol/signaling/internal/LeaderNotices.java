package org.mobileworship.livecontrol.signaling.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader notices: {@code POST /leader-notice} with a better leader's announcement, so a worse leader that cannot
 * see it in mDNS learns where to probe it (docs/protocol.md, "Leader notices"). The body names priority and port;
 * the address is the connection's, never the body's. At most {@value #PER_SECOND} notices a second are passed on;
 * every refusal is a specific HTTP status with a JSON error. Nothing here is trusted: the election probes.
 */
final class LeaderNotices extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderNotices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/leader-notice";
    static final int MAX_BYTES = 2048;
    static final int PER_SECOND = 5;

    private final TokenBucket bucket = new TokenBucket(PER_SECOND, System.nanoTime());
    private volatile Consumer<DiscoveredPeer> listener;

    void listener(Consumer<DiscoveredPeer> l) {
        this.listener = l;
    }

    /** The JSON body a notice carries for {@code self}. */
    static String body(Announcement self) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "leader-notice");
        n.put("peerId", self.peerId().value());
        n.put("peerType", self.peerType().wireName());
        if (self.peerType() instanceof PeerType.Display d) {
            n.put("displayClass", d.displayClass().wireName());
        }
        n.put("displayName", self.displayName());
        n.put("startedAtMillis", self.startedAtMillis());
        n.put("term", self.term());
        n.put("signalingPort", self.signalingPort());
        return n.toString();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!"POST".equals(request.getMethod())) {
            return error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method-not-allowed", "use POST");
        }
        long length = request.getLength();
        if (length < 0 || length > MAX_BYTES) {
            return error(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "too-large",
                    "a leader notice is a JSON object of at most " + MAX_BYTES + " bytes with a Content-Length");
        }
        // read the (bounded) body before any answer: a refusal that leaves it unread makes Jetty drop the
        // connection, and the sender's next request on it would fail instead of getting its answer
        String body;
        try {
            body = Content.Source.asString(request, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return error(response, callback, HttpStatus.BAD_REQUEST_400, "malformed", e.getMessage());
        }
        Consumer<DiscoveredPeer> l = listener;
        if (l == null) {
            return error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "not-accepting",
                    "this server does not take leader notices");
        }
        boolean allowed;
        synchronized (bucket) {
            allowed = bucket.tryAcquire(System.nanoTime());
        }
        if (!allowed) {
            return error(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "rate-limited",
                    "more than " + PER_SECOND + " leader notices a second");
        }
        DiscoveredPeer peer;
        try {
            peer = parse(body, Request.getRemoteAddr(request));
        } catch (IllegalArgumentException e) {
            return error(response, callback, HttpStatus.BAD_REQUEST_400, "malformed", e.getMessage());
        }
        LOG.info("leader notice: {} ({}) says it leads at {}:{}", peer.announcement().peerId(),
                peer.announcement().peerType(), peer.addresses().get(0).getHostAddress(),
                peer.announcement().signalingPort());
        l.accept(peer);
        response.setStatus(HttpStatus.ACCEPTED_202);
        response.write(true, null, callback);
        return true;
    }

    static DiscoveredPeer parse(String body, String remoteAddress) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject() || !"leader-notice".equals(n.path("type").asText())) {
            throw new IllegalArgumentException("expected {\"type\":\"leader-notice\",…}");
        }
        String id = text(n, "peerId");
        PeerType type = PeerType.fromWire(text(n, "peerType"), n.path("displayClass").asText(""));
        int port = n.path("signalingPort").asInt(-1);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("signalingPort must be 1..65535");
        }
        if (!n.path("startedAtMillis").canConvertToLong() || !n.path("term").canConvertToLong()) {
            throw new IllegalArgumentException("startedAtMillis and term must be integers");
        }
        InetAddress from;
        try {
            from = InetAddress.getByName(remoteAddress); // an IP literal from the connection: no DNS lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("no remote address");
        }
        Announcement a = new Announcement(PeerId.of(id), type, n.path("displayName").asText(id),
                n.path("startedAtMillis").asLong(), PeerId.of(id), n.path("term").asLong(), port,
                Announcement.PROTOCOL_VERSION);
        return new DiscoveredPeer(a, List.of(from), Instant.now());
    }

    /** Where the notice's sender serves: the connection's address with the announced port. */
    static InetSocketAddress endpoint(DiscoveredPeer p) {
        return new InetSocketAddress(p.addresses().get(0), p.announcement().signalingPort());
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static boolean error(Response response, Callback callback, int status, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "error");
        e.put("code", code);
        e.put("message", message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(e.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
