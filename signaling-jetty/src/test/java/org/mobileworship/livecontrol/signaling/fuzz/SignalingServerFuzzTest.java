package org.mobileworship.livecontrol.signaling.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.Fixture.Peer;
import org.mobileworship.livecontrol.signaling.support.RawWs;

/**
 * Coverage-guided fuzzing of the leader's signaling server through a real WebSocket connection: whatever an
 * untrusted device on the network sends, frame after frame, the server answers or closes that connection with a
 * defined code, never hangs, and never harms another peer's session.
 *
 * <p>Per input: a new connection (JSON or protobuf subprotocol), optionally a valid registration, then up to six
 * frames — raw fuzzed text/bytes or a known frame type with fuzzed fields (so the fuzzer reaches the handlers,
 * not only the parser). Then a heartbeat: the server must answer it, or have closed the connection with a
 * protocol close code, within 20 s. A witness pair (a controller and a display registered through the real client)
 * must stay connected and keep signaling throughout.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../SignalingServerFuzzTestInputs/serverFrames/};
 * {@code ./fuzz} runs {@link #fuzzerTestOneInput(FuzzedDataProvider)} under the Jazzer driver.
 */
public class SignalingServerFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("register", "heartbeat", "offer", "answer", "ice-candidate",
            "relay", "peer-list", "registered", "error", "heartbeat-ack", "bogus");
    private static final List<String> FIELDS = List.of("peerId", "peerType", "displayName", "displayClass", "token",
            "session", "targetPeerId", "fromPeerId", "sdp", "candidate", "sdpMid", "sdpMLineIndex", "timestamp",
            "data", "code", "message", "peers");
    private static Fixture fixture;
    private static Peer witnessController;
    private static Peer witnessDisplay;
    private static long inputs;

    private static synchronized void ensureServer() throws Exception {
        if (fixture == null) {
            // Jazzer's SSRF detector flags every connection; this target talks to its own loopback server only,
            // so allow exactly that (kept for the whole run: the policy is process-wide)
            com.code_intelligence.jazzer.api.BugDetectors.allowNetworkConnections((host, port) ->
                    host.equals("127.0.0.1") || host.equals("localhost"));
            // generous timeouts: a hang is still found (20 s), a busy CI machine is not mistaken for one
            fixture = new Fixture(Map.of("livecontrol.signaling.max-peers", "1000",
                    "livecontrol.signaling.max-frames-per-second", "1000000",
                    "livecontrol.signaling.connect-timeout", "30s")).start();
            witnessController = fixture.controller("witness-ctl");
            witnessDisplay = fixture.display("witness-disp");
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::close));
        }
    }

    @FuzzTest
    void serverFrames(FuzzedDataProvider data) throws Exception {
        fuzzerTestOneInput(data);
    }

    /** Jazzer's standalone entry point (one target in this class). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        ensureServer();
        boolean protobuf = data.consumeBoolean();
        try (RawWs raw = protobuf ? RawWs.open(fixture.port(), "livecontrol.v1.proto") : RawWs.open(fixture.port())) {
            if (!protobuf && data.consumeBoolean()) {
                raw.text("{\"type\":\"register\",\"peerId\":\"fuzz-" + (inputs % 64)
                        + "\",\"peerType\":\"controller\",\"displayName\":\"fuzz\"}");
            }
            int frames = data.consumeInt(0, 6);
            for (int i = 0; i < frames && !raw.closeCode.isDone(); i++) {
                switch (data.consumeInt(0, 2)) {
                    case 0 -> raw.text(data.consumeString(4096));
                    case 1 -> raw.binary(data.consumeBytes(4096));
                    default -> {
                        String frame = structuredFrame(data);
                        if (protobuf) {
                            raw.binary(frame.getBytes(StandardCharsets.UTF_8));
                        } else {
                            raw.text(frame);
                        }
                    }
                }
            }
            answersOrClosesCleanly(raw, protobuf);
        }
        witnessesStillServed();
    }

    private static String structuredFrame(FuzzedDataProvider data) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", data.pickValue(TYPES));
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            String field = data.pickValue(FIELDS);
            switch (data.consumeInt(0, 3)) {
                case 0 -> o.put(field, data.consumeString(200));
                case 1 -> o.put(field, data.consumeLong());
                case 2 -> o.putObject(field).put("type", data.pickValue(List.of("slide", "black", "ping", "sync")))
                        .put("messageId", data.consumeString(40));
                default -> o.put(field, field.equals("targetPeerId") ? data.pickValue(
                        List.of("witness-ctl", "witness-disp", "leader-1", "")) : data.consumeString(20));
            }
        }
        return o.toString();
    }

    /**
     * The connection gets its heartbeat answered (an ack, or {@code not-registered} naming it), or was closed by the
     * server with a protocol close code.
     */
    private static void answersOrClosesCleanly(RawWs raw, boolean protobuf) throws Exception {
        if (raw.closeCode.isDone()) {
            assertThat(raw.closeCode.get()).as("close code").isBetween(1000, 4999);
            return;
        }
        if (protobuf) {
            // a protobuf connection is only checked for liveness of the server below
            return;
        }
        try {
            raw.text("{\"type\":\"heartbeat\",\"timestamp\":7}");
        } catch (Exception closedMeanwhile) {
            assertThat(raw.closeCode.get(20, TimeUnit.SECONDS)).isBetween(1000, 4999);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String t = raw.texts.poll(50, TimeUnit.MILLISECONDS);
            // registered: heartbeat-ack; not (or no longer) registered: the specific error naming the heartbeat
            if (t != null && (t.contains("\"heartbeat-ack\"") || t.contains("\"not-registered\"") && t.contains("'heartbeat'"))) {
                return;
            }
            if (raw.closeCode.isDone()) {
                assertThat(raw.closeCode.get()).isBetween(1000, 4999);
                return;
            }
        }
        throw new AssertionError("the server neither answered a heartbeat nor closed the connection within 20 s");
    }

    private static void witnessesStillServed() throws Exception {
        assertThat(witnessController.listener().disconnects).as("witness controller disconnected").isEmpty();
        assertThat(witnessDisplay.listener().disconnects).as("witness display disconnected").isEmpty();
        if (++inputs % 100 == 0) {
            int before = witnessDisplay.listener().signals.size();
            witnessController.client().send(witnessDisplay.id(), new Signal.Offer("witness-" + inputs))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> witnessDisplay.listener().signals.size() > before);
            witnessDisplay.listener().signals.clear();
        }
    }
}
