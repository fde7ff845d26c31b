package org.mobileworship.livecontrol.signaling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * A raw WebSocket client (java.net.http) that speaks whatever the test writes: the seed's literal JSON, or
 * binary bytes. Collects received messages and the close status.
 */
public final class RawWs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public final WebSocket ws;

    private RawWs(URI uri, String... subprotocols) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        ws = b.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    public static RawWs open(int port, String... subprotocols) throws Exception {
        return new RawWs(URI.create("ws://127.0.0.1:" + port + "/signaling"), subprotocols);
    }

    public static CompletableFuture<WebSocket> tryOpen(int port, String... subprotocols) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/signaling"), new WebSocket.Listener() {
        });
    }

    public void text(String json) throws Exception {
        ws.sendText(json, true).get(10, TimeUnit.SECONDS);
    }

    public void binary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    }

    /** Next JSON text message, parsed; fails after 5 s. */
    public JsonNode nextJson() throws Exception {
        String t = texts.poll(5, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("no text message within 5 s");
        }
        return JSON.readTree(t);
    }

    /** Next JSON message of {@code type}, skipping others (e.g. peer-list pushes). */
    public JsonNode nextJson(String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String t = texts.poll(100, TimeUnit.MILLISECONDS);
            if (t != null) {
                JsonNode n = JSON.readTree(t);
                if (type.equals(n.path("type").asText())) {
                    return n;
                }
            }
        }
        throw new AssertionError("no '" + type + "' message within 5 s");
    }

    /** Next binary message of body case {@code body}, skipping others. */
    public SignalingFrame nextFrame(SignalingFrame.BodyCase body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] b = binaries.poll(100, TimeUnit.MILLISECONDS);
            if (b != null) {
                SignalingFrame f = ProtobufFrameCodec.INSTANCE.decodeSignaling(b);
                if (f.getBodyCase() == body) {
                    return f;
                }
            }
        }
        throw new AssertionError("no " + body + " frame within 5 s");
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                texts.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bin.writeBytes(b);
            if (last) {
                binaries.add(bin.toByteArray());
                bin = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
