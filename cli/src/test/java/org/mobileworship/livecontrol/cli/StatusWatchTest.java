package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/** {@code status --watch} against a real display on loopback: the room refreshes until stopped. */
class StatusWatchTest {
    private static final String SESSION = "watch-" + UUID.randomUUID().toString().substring(0, 8);
    private static LiveControl display;

    @BeforeAll
    static void startADisplay() {
        display = LiveControl.builder().role(PeerType.display(DisplayClass.AUDIENCE)).displayName("hall-left")
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", SESSION)
                .config("livecontrol.security", "open")
                .build();
        display.start();
    }

    @AfterAll
    static void stopTheDisplay() {
        display.close();
    }

    private static NodeOptions options(boolean json) {
        NodeOptions o = new NodeOptions();
        o.iface = "127.0.0.1";
        o.port = 0;
        o.session = SESSION;
        o.json = json;
        o.open = true; // the room of this test is open, like its nodes (paired is the default)
        return o;
    }

    /** Runs a watch in the background until {@code until} holds for its output, then stops it. */
    private static String watch(boolean json, boolean terminal, java.util.function.Predicate<String> until)
            throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Console console = new Console(out, new PrintStream(new ByteArrayOutputStream()), json);
        StatusWatch w = new StatusWatch(options(json), Duration.ofMillis(200), 0, new Names(false), console, out, terminal);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                exit.set(w.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watch-under-test");
        t.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> until.test(buf.toString(StandardCharsets.UTF_8)));
        } finally {
            w.stop();
            t.join(Duration.ofSeconds(20).toMillis());
        }
        assertThat(t.isAlive()).as("watch still running after stop").isFalse();
        assertThat(exit.get()).isZero();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRoomIsShownWithEachDisplaysLinkAndRoundTripUntilStopped() throws Exception {
        java.util.regex.Pattern linked = java.util.regex.Pattern.compile(
                "\n  hall-left( ★ leader)? +display \\(audience\\) +(webrtc|relay) +\\d+(\\.\\d+)? ms +[0-9a-f]{8}\n");
        String out = watch(false, false, s -> linked.matcher(s).find());
        assertThat(out).contains("livecontrol status — session " + SESSION)
                .containsPattern("leader: .+ · term \\d+ · signaling at 127\\.0\\.0\\.1:\\d+")
                .containsPattern("NAME +ROLE +LINK +RTT +ID")
                .contains("1/1 displays linked · link and RTT as measured from this watcher")
                .doesNotContain("\033["); // not a terminal: no cursor moves, no colors
        // frames follow one another (not one snapshot): more than one header
        assertThat(out.split("livecontrol status —", -1).length - 1).isGreaterThan(1);
    }

    @Test
    void atATerminalEachRefreshDrawsOverThePreviousFrame() throws Exception {
        String out = watch(false, true, s -> s.split("\033\\[H", -1).length > 3);
        assertThat(out).startsWith("\033[2J\033[H").contains("\033[K\n").contains("livecontrol status");
    }

    @Test
    void withJsonEveryRefreshIsOneStatusObject() throws Exception {
        // the newest complete frame shows the display linked with a measured RTT (earlier frames may predate the
        // first pong: rttMs null there is correct, so only the last line is judged)
        String out = watch(true, false, s -> {
            String[] lines = s.split("\n");
            String last = s.endsWith("\n") && lines.length > 0 ? lines[lines.length - 1] : "";
            return last.contains("\"connected\":true") && last.contains("\"rttMs\":")
                    && !last.contains("\"rttMs\":null");
        });
        for (String line : out.split("\n")) {
            JsonNode n = Console.JSON.readTree(line);
            assertThat(n.path("event").asText()).isEqualTo("status");
            assertThat(n.has("leader")).isTrue();
            assertThat(n.path("peers").isArray()).isTrue();
        }
        assertThat(out).contains("\"name\":\"hall-left\"");
    }
}
