package org.mobileworship.livecontrol.signaling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.JsonFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.signaling.support.TestContext;

/**
 * Coverage-guided fuzzing of the leader's signaling server at its frame handler: {@link ServerConnection}, the
 * object Jetty hands every WebSocket message to, driven directly with an in-memory {@link Session}, so the fuzzer
 * runs at tens of thousands of inputs a second instead of the ~100 of the real-socket target
 * ({@code signaling.fuzz.SignalingServerFuzzTest}, which stays: it also covers Jetty's framing, limits and the
 * upgrade). The server itself is real and started (on an ephemeral loopback port nobody connects to).
 *
 * <p>Per input: a new connection (JSON or protobuf, with or without the challenge), optionally a valid
 * registration, then up to eight frames — raw fuzzed text/bytes, or a known frame type with fuzzed fields, some
 * addressed to the witnesses. Properties: no exception escapes the handler (Jetty would end the connection with
 * 1011 and no named error); every frame the server sends on any connection decodes in that connection's codec;
 * a heartbeat on a connection the server kept open is answered at once (ack, or {@code not-registered}); a closed
 * connection was closed with a protocol close code; after the connection ends, the server holds exactly the two
 * witnesses again (no registration or connection outlives its socket), and the witnesses — a controller and a
 * display registered the same way — are never closed and still get their heartbeats answered.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../SignalingHandlerFuzzTestInputs/serverHandler/};
 * {@code ./fuzz} runs {@link #fuzzerTestOneInput(FuzzedDataProvider)} under the Jazzer driver.
 */
public class SignalingHandlerFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("register", "heartbeat", "offer", "answer", "ice-candidate",
            "relay", "transport-signal", "peer-list", "registered", "error", "heartbeat-ack", "challenge",
            "trust-list", "bogus");
    private static final List<String> FIELDS = List.of("peerId", "peerType", "displayName", "displayClass", "token",
            "session", "targetPeerId", "fromPeerId", "sdp", "candidate", "sdpMid", "sdpMLineIndex", "timestamp",
            "data", "code", "message", "peers", "publicKey", "signature", "signalingPort", "encodings", "trustList",
            "transport", "payload");
    private static final List<String> TARGETS = List.of("witness-ctl", "witness-disp", "leader-1", "fuzz-0", "");

    private static JettySignalingServer server;
    private static ScheduledThreadPoolExecutor scheduler;
    private static SignalingSettings settings;
    private static FakeSession witnessController;
    private static FakeSession witnessDisplay;
    private static long inputs;

    /** An in-memory WebSocket session: records what the server sends, and reports a close as Jetty would. */
    static final class FakeSession {
        final ServerConnection connection;
        final WireFormat format;
        final List<byte[]> sent = new ArrayList<>();
        volatile boolean open = true;
        volatile int closeCode;
        final Session session;

        FakeSession(WireFormat format, boolean sendsChallenge, int port) {
            this.format = format;
            this.connection = new ServerConnection(server, format, settings, "fuzz-nonce", sendsChallenge);
            InetSocketAddress remote = new InetSocketAddress("127.0.0.1", port);
            this.session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                    new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "isOpen" -> open;
                        case "getRemoteSocketAddress", "getLocalSocketAddress" -> remote;
                        case "sendText" -> {
                            record(((String) args[0]).getBytes(StandardCharsets.UTF_8));
                            ((Callback) args[1]).succeed();
                            yield null;
                        }
                        case "sendBinary" -> {
                            ByteBuffer b = ((ByteBuffer) args[0]).duplicate();
                            byte[] bytes = new byte[b.remaining()];
                            b.get(bytes);
                            record(bytes);
                            ((Callback) args[1]).succeed();
                            yield null;
                        }
                        case "sendPing", "sendPong" -> {
                            ((Callback) args[1]).succeed();
                            yield null;
                        }
                        case "close" -> {
                            if (args != null && args.length == 3) {
                                closed((Integer) args[0], (String) args[1]);
                                ((Callback) args[2]).succeed();
                            } else {
                                closed(1000, "");
                            }
                            yield null;
                        }
                        case "disconnect" -> {
                            closed(1006, "disconnected");
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "fake-session";
                        default -> null;
                    });
            connection.onWebSocketOpen(session);
        }

        private synchronized void record(byte[] frame) {
            if (!open) {
                throw new AssertionError("the server wrote to a connection it had closed");
            }
            sent.add(frame);
        }

        private void closed(int code, String reason) {
            boolean was;
            synchronized (this) {
                was = open;
                open = false;
                if (was) {
                    closeCode = code;
                }
            }
            if (was) {
                connection.onWebSocketClose(code, reason); // what Jetty reports once the close completes
            }
        }

        void text(String text) {
            if (open) {
                connection.onWebSocketText(text);
            }
        }

        void binary(byte[] bytes) {
            if (open) {
                connection.onWebSocketBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
            }
        }

        /** Every frame sent so far, decoded in this connection's codec (the decode failing is a finding). */
        synchronized List<SignalingFrame> drain() {
            FrameCodec codec = FrameCodec.of(format);
            List<SignalingFrame> out = new ArrayList<>();
            for (byte[] b : sent) {
                try {
                    out.add(codec.decodeSignaling(b));
                } catch (ProtocolException e) {
                    throw new AssertionError("the server sent a frame its own codec refuses (" + e.getMessage()
                            + "): " + new String(b, StandardCharsets.UTF_8), e);
                }
            }
            sent.clear();
            return out;
        }
    }

    private static synchronized void ensureServer() {
        if (server != null) {
            return;
        }
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fuzz-scheduler");
            t.setDaemon(true);
            return t;
        });
        Map<String, String> config = Map.of(SignalingSettings.MAX_PEERS, "1000",
                SignalingSettings.MAX_FRAMES_PER_SECOND, "100000000",
                // expired reclaim tokens are forgotten on every tick: a short window keeps the map small under
                // a fuzzer registering thousands of ids a second, while the code path stays the same
                SignalingSettings.RECLAIM_WINDOW, "1s",
                SignalingSettings.HEARTBEAT_INTERVAL, "1s",
                // the ticker runs every second (it forgets expired reclaim tokens) but never drops a connection for
                // silence: the witnesses only speak once per input, and the first input alone can spend minutes
                // loading and instrumenting classes on a loaded machine
                SignalingSettings.HEARTBEAT_MISSES, "100000");
        TestContext context = new TestContext(scheduler, config);
        settings = SignalingSettings.from(context.config());
        server = new JettySignalingServer(settings, scheduler);
        server.start(new InetSocketAddress("127.0.0.1", 0), PeerId.of("leader-1"), 7);
        witnessController = witness("witness-ctl", "controller", "");
        witnessDisplay = witness("witness-disp", "display", ",\"displayClass\":\"stage\"");
        // standalone Jazzer runs end with the JVM; the JUnit replay closes it in stopServer()
        JettySignalingServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.close("fuzzing over")));
    }

    @AfterAll
    static synchronized void stopServer() {
        if (server != null) {
            server.close("replay over");
            scheduler.shutdownNow();
            server = null;
        }
    }

    private static FakeSession witness(String id, String type, String extra) {
        FakeSession s = new FakeSession(WireFormat.JSON, true, 40000);
        s.text("{\"type\":\"register\",\"peerId\":\"" + id + "\",\"peerType\":\"" + type + "\",\"displayName\":\""
                + id + "\"" + extra + "}");
        assertThat(s.drain()).anyMatch(f -> f.hasRegistered());
        return s;
    }

    @FuzzTest
    void serverHandler(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** Jazzer's standalone entry point (one target in this class). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        ensureServer();
        boolean protobuf = data.consumeBoolean();
        FakeSession fuzz = new FakeSession(protobuf ? WireFormat.PROTOBUF : WireFormat.JSON,
                protobuf || data.consumeBoolean(), data.consumeInt(0, 65535));
        FrameCodec codec = FrameCodec.of(fuzz.format);
        if (data.consumeBoolean()) {
            fuzz.binary(encode(codec, "{\"type\":\"register\",\"peerId\":\"fuzz-" + (inputs % 64)
                    + "\",\"peerType\":\"controller\",\"displayName\":\"fuzz\",\"signalingPort\":"
                    + data.consumeInt(-1, 70000) + "}"));
        }
        int frames = data.consumeInt(0, 8);
        for (int i = 0; i < frames && fuzz.open; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> fuzz.text(data.consumeString(2048));
                case 1 -> fuzz.binary(data.consumeBytes(2048));
                default -> {
                    String frame = structuredFrame(data);
                    if (protobuf) {
                        fuzz.binary(encode(codec, frame));
                    } else if (data.consumeBoolean()) {
                        fuzz.text(frame);
                    } else {
                        fuzz.binary(frame.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        if (fuzz.open) {
            fuzz.drain();
            fuzz.binary(encode(codec, "{\"type\":\"heartbeat\",\"timestamp\":7}"));
            List<SignalingFrame> answer = fuzz.drain();
            if (fuzz.open) {
                assertThat(answer).as("answer to a heartbeat").anyMatch(f -> f.hasHeartbeatAck()
                        || f.hasError() && f.getError().getCode().equals("not-registered"));
            }
            fuzz.closed(1000, "input over");
        } else {
            fuzz.drain();
            assertThat(fuzz.closeCode).as("close code").isBetween(1000, 4999);
        }
        witnessesStillServed();
        inputs++;
    }

    private static byte[] encode(FrameCodec codec, String json) {
        try {
            return codec.encodeSignaling(JsonFrameCodec.INSTANCE.decodeSignalingText(json));
        } catch (ProtocolException e) {
            // a structured frame the JSON codec already refuses: send it as it is (protobuf garbage then)
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String structuredFrame(FuzzedDataProvider data) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", data.pickValue(TYPES));
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            String field = data.pickValue(FIELDS);
            switch (data.consumeInt(0, 4)) {
                case 0 -> o.put(field, data.consumeString(200));
                case 1 -> o.put(field, data.consumeLong());
                case 2 -> o.putObject(field).put("type", data.pickValue(List.of("slide", "black", "ping", "sync")))
                        .put("messageId", data.consumeString(40));
                case 3 -> o.putArray(field).add(data.consumeString(20)).add(data.consumeInt());
                default -> o.put(field, field.equals("targetPeerId") || field.equals("peerId")
                        ? data.pickValue(TARGETS) : data.consumeString(20));
            }
        }
        return o.toString();
    }

    private static void witnessesStillServed() {
        for (FakeSession w : List.of(witnessController, witnessDisplay)) {
            assertThat(w.open).as("witness connection open").isTrue();
            w.text("{\"type\":\"heartbeat\",\"timestamp\":1}");
            assertThat(w.drain()).as("witness answered").anyMatch(SignalingFrame::hasHeartbeatAck);
        }
        assertThat(server.registeredPeerCount()).as("registrations after the input's connection ended").isEqualTo(2);
        assertThat(server.connectionCount()).as("connections after the input's connection ended").isEqualTo(2);
    }
}
