package org.mobileworship.livecontrol.security.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's pairing endpoint: {@code POST /pair} on a small HTTP server (the JDK's) that exists only while
 * the controller's {@link PairingWindow} is open. The new device sends {@code pair-hello}, then {@code pair-proof}
 * (JSON, docs/protocol.md "Pairing"); the answers are {@code pair-reply} and {@code pair-grant}, or an
 * {@code error} whose {@code code} is {@code pairing-rejected} (wrong code or tampered exchange: the same answer,
 * so no oracle), {@code pairing-locked}, {@code pairing-expired}, {@code pairing-used} or {@code malformed}.
 *
 * <p>Why a direct endpoint rather than frames relayed by the leader: the device being paired is, by definition,
 * not in the trust list, so in paired mode the leader refuses it ({@code not-paired}) and must not forward
 * anything for it; the window's controller holds the code, so it is the only party that can run the exchange;
 * and plain HTTP+JSON is what a browser that scanned the QR code can speak with {@code fetch}.
 */
public final class PairingEndpoint implements AutoCloseable {
    /** The path of the endpoint. */
    public static final String PATH = "/pair";
    private static final Logger LOG = LoggerFactory.getLogger(PairingEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PairingWindow window;
    private final Function<PairingWindow.PairedDevice, String> onPaired;
    private final HttpServer server;
    private final ExecutorService executor;
    /** exchange id -> {@link PairingWindow.Exchange} or {@link PairingWindow.TokenExchange}; guarded by itself. */
    private final Map<String, Object> exchanges = new LinkedHashMap<>();

    /** {@code server} and {@code executor} are null only for {@link #answer(String, byte[])} without HTTP (tests). */
    PairingEndpoint(PairingWindow window, Function<PairingWindow.PairedDevice, String> onPaired,
                    HttpServer server, ExecutorService executor) {
        this.window = window;
        this.onPaired = onPaired;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code window} on {@code bind} (port 0 picks one).
     *
     * @param onPaired called once the device proved the code; records it in the room's trust list and returns
     *                 that list's signed document, which the grant carries to the device
     */
    public static PairingEndpoint start(PairingWindow window, InetSocketAddress bind,
                                        Function<PairingWindow.PairedDevice, String> onPaired) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(onPaired, "onPaired");
        HttpServer server;
        try {
            server = HttpServer.create(bind, 8);
        } catch (IOException e) {
            throw new LiveControlException("cannot open the pairing endpoint on " + bind + ": " + e.getMessage()
                    + "; choose another port with --port (0 picks a free one)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "livecontrol-pairing");
            t.setDaemon(true);
            return t;
        });
        PairingEndpoint endpoint = new PairingEndpoint(window, onPaired, server, executor);
        server.createContext(PATH, endpoint::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("pairing endpoint open on http://{}:{}{} until {}", bind.getHostString(),
                server.getAddress().getPort(), PATH, window.expiresAt());
        return endpoint;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private final java.util.concurrent.CompletableFuture<PairingWindow.State> done =
            new java.util.concurrent.CompletableFuture<>();

    /**
     * Completes once the window ended (a device paired, or locked after its last attempt) and the last answer was
     * sent, so the endpoint can be closed without cutting off the grant. Not completed by expiry: wait with a
     * timeout of the window's {@link PairingWindow#expiresAt()}.
     */
    public java.util.concurrent.CompletableFuture<PairingWindow.State> done() {
        return done.copy();
    }

    private void handle(HttpExchange http) throws IOException {
        try {
            answer(http);
        } finally {
            PairingWindow.State end = window.ended().getNow(null);
            if (end != null) {
                done.complete(end);
            }
        }
    }

    private void answer(HttpExchange http) throws IOException {
        try (http) {
            // a browser's /pair page is served by a node's signaling port, another origin than this one: it may
            // read the answers (they are MAC'd or public); no credentials are ever involved
            http.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if ("OPTIONS".equals(http.getRequestMethod())) {
                http.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                http.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                http.getResponseHeaders().set("Access-Control-Max-Age", "600");
                http.sendResponseHeaders(204, -1);
                return;
            }
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readNBytes(PairingWire.MAX_MESSAGE_BYTES + 1);
            }
            Answer a;
            try {
                a = answer(http.getRequestMethod(), body);
            } catch (PairingException e) {
                LOG.info("pairing attempt from {} failed: {}", http.getRemoteAddress(), e.getMessage());
                a = new Answer(403, PairingWire.error(codeOf(e.reason()), e.getMessage()));
            }
            respond(http, a.status(), a.body());
        } catch (RuntimeException e) {
            LOG.warn("pairing endpoint failed on a request", e);
            try {
                respond(http, 500, PairingWire.error("internal", "the controller failed: " + e.getMessage()));
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way; the device sees the connection end
            }
        }
    }

    /** An HTTP answer of the endpoint: status and JSON body. */
    record Answer(int status, ObjectNode body) {
    }

    /**
     * The answer to one request (method and at most {@link PairingWire#MAX_MESSAGE_BYTES}{@code + 1} bytes of its
     * body), without the HTTP exchange: what the handler sends, and what the fuzz target checks.
     *
     * @throws PairingException if the window refuses the attempt (answered 403 with its code)
     */
    Answer answer(String method, byte[] body) throws PairingException {
        if (!"POST".equals(method)) {
            return new Answer(405, PairingWire.error("malformed", "use POST with a JSON pairing message"));
        }
        if (body.length > PairingWire.MAX_MESSAGE_BYTES) {
            return new Answer(413, PairingWire.error("malformed", "a pairing message is at most "
                    + PairingWire.MAX_MESSAGE_BYTES + " bytes"));
        }
        JsonNode message;
        try {
            message = PairingWire.JSON.readTree(body);
        } catch (IOException e) {
            return new Answer(400, PairingWire.error("malformed", "a pairing message is a JSON object"));
        }
        String type = message == null ? "" : message.path("type").asText();
        try {
            return switch (type) {
                case "pair-hello" -> new Answer(200, hello(PairingWire.hello(message)));
                case "pair-proof" -> new Answer(200, proof(message));
                case "pair-token-hello" -> new Answer(200, tokenHello());
                case "pair-token-proof" -> new Answer(200, tokenProof(message));
                default -> new Answer(400, PairingWire.error("malformed", "expected 'pair-hello',"
                        + " 'pair-proof', 'pair-token-hello' or 'pair-token-proof', got type '" + type + "'"));
            };
        } catch (PairingWire.MalformedException e) {
            return new Answer(400, PairingWire.error("malformed", e.getMessage()));
        }
    }

    private ObjectNode hello(PairingMessages.Hello hello) throws PairingException {
        PairingWindow.Exchange exchange = window.accept(hello);
        String id = newId();
        synchronized (exchanges) {
            exchanges.put(id, exchange);
        }
        return PairingWire.reply(id, exchange.reply());
    }

    private ObjectNode proof(JsonNode message) throws PairingWire.MalformedException, PairingException {
        String id = PairingWire.text(message, "exchange");
        PairingMessages.Proof proof = PairingWire.proof(message);
        PairingWindow.Exchange exchange = waiting(id, PairingWindow.Exchange.class, "pair-hello");
        PairingMessages.Grant grant = exchange.finish(proof);
        PairingWindow.PairedDevice device = window.paired().orElseThrow();
        String trustList = onPaired.apply(device);
        LOG.info("paired {} as {} '{}'", device.peerId(), device.role(), device.name());
        return PairingWire.grant(grant, trustList);
    }

    private ObjectNode tokenHello() throws PairingException {
        PairingWindow.TokenExchange exchange = window.acceptToken();
        String id = newId();
        synchronized (exchanges) {
            exchanges.put(id, exchange);
        }
        return PairingWire.tokenChallenge(id, exchange.nonce());
    }

    private ObjectNode tokenProof(JsonNode message) throws PairingWire.MalformedException, PairingException {
        String id = PairingWire.text(message, "exchange");
        byte[] publicKey = PairingWire.bytes(message, "publicKey");
        byte[] mac = PairingWire.bytes(message, "mac");
        PairingWindow.TokenExchange exchange = waiting(id, PairingWindow.TokenExchange.class, "pair-token-hello");
        PairingWindow.TokenGrant grant = exchange.finish(publicKey, mac);
        PairingWindow.PairedDevice device = window.paired().orElseThrow();
        String trustList = onPaired.apply(device);
        LOG.info("paired {} as {} '{}' (QR token)", device.peerId(), device.role(), device.name());
        return PairingWire.tokenGrant(grant, trustList);
    }

    /** Takes the waiting exchange {@code id} of the given kind (each is finished once). */
    private <T> T waiting(String id, Class<T> kind, String start) throws PairingException {
        Object exchange;
        synchronized (exchanges) {
            exchange = exchanges.get(id);
            if (kind.isInstance(exchange)) {
                exchanges.remove(id);
            }
        }
        if (!kind.isInstance(exchange)) {
            throw new PairingException(PairingException.Reason.OUT_OF_ORDER, "no pairing exchange '" + id
                    + "' of this kind is waiting for a proof; start again with '" + start + "'");
        }
        return kind.cast(exchange);
    }

    static String codeOf(PairingException.Reason reason) {
        return switch (reason) {
            case REJECTED -> "pairing-rejected";
            case LOCKED -> "pairing-locked";
            case EXPIRED -> "pairing-expired";
            case USED -> "pairing-used";
            case OUT_OF_ORDER -> "pairing-out-of-order";
        };
    }

    static PairingException.Reason reasonOf(String code) {
        return switch (code) {
            case "pairing-locked" -> PairingException.Reason.LOCKED;
            case "pairing-expired" -> PairingException.Reason.EXPIRED;
            case "pairing-used" -> PairingException.Reason.USED;
            case "pairing-out-of-order" -> PairingException.Reason.OUT_OF_ORDER;
            default -> PairingException.Reason.REJECTED;
        };
    }

    private static void respond(HttpExchange http, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Stops serving (the window stays as it is). Idempotent. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
