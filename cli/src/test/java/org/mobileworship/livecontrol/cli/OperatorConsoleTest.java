package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * The operator console as a person at a terminal meets it: a real controller node and real displays (mDNS on
 * 127.0.0.1, Jetty signaling, WebRTC or the relay) in one JVM, the console on a jline terminal whose output is
 * played into a VT100 emulator. Assertions are on the emulated screen: what the operator sees.
 */
class OperatorConsoleTest {
    private static final String SESSION = "console-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<LiveControl> displays = new ArrayList<>();
    /** The up arrow as xterm sends it while jline has keypad-transmit mode on (terminfo key_up). */
    private static final String UP = "\033OA";
    /** The up arrow as terminals send it in normal mode (keys typed ahead, terminals ignoring keypad mode). */
    private static final String UP_NORMAL_MODE = "\033[A";

    @TempDir
    Path state;

    @BeforeAll
    static void startADisplay() {
        displays.add(display("stage-left", DisplayClass.STAGE));
    }

    @AfterAll
    static void stopDisplays() {
        displays.forEach(LiveControl::close);
    }

    private static LiveControl display(String name, DisplayClass cls) {
        LiveControl d = LiveControl.builder().role(PeerType.display(cls)).displayName(name)
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", SESSION)
                .config("livecontrol.security", "open")
                .build();
        d.start();
        return d;
    }

    /** A controller console running on {@code screen} in its own thread, until quit. */
    private static final class RunningConsole implements AutoCloseable {
        final TestScreen screen;
        final Thread thread;
        final AtomicInteger exit = new AtomicInteger(-1);

        RunningConsole(Path history, Map<String, String> env, int width, int height) throws Exception {
            screen = new TestScreen(width, height);
            ControllerCommand cmd = new ControllerCommand();
            cmd.name = "booth";
            cmd.eventId = "live";
            cmd.options = new NodeOptions();
            cmd.options.iface = "127.0.0.1";
            cmd.options.port = 0;
            cmd.options.session = SESSION;
            cmd.options.open = true; // the room of this test is open, like its display (paired is the default)
            InteractiveConsole console = new InteractiveConsole(screen.terminal(), history, env);
            thread = new Thread(() -> {
                try (console) {
                    exit.set(cmd.run(console));
                }
            }, "console-under-test");
            thread.start();
        }

        /** Waits until the prompt shows every display linked. */
        void awaitLinked(int displays) {
            String linked = displays + "/" + displays + " display" + (displays == 1 ? "" : "s");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(screen.lastLine()).as("screen:\n%s", screen.text()).contains(linked).endsWith("›"));
        }

        void awaitScreen(String expected) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(screen.text()).contains(expected));
        }

        @Override
        public void close() throws Exception {
            if (thread.isAlive()) {
                screen.type("\025quit\r"); // Ctrl-U first: a failed test may leave text on the line
                thread.join(Duration.ofSeconds(30).toMillis());
            }
            screen.close();
            assertThat(thread.isAlive()).as("console still running after quit").isFalse();
            assertThat(exit.get()).isZero();
        }
    }

    @Test
    void theIssueTranscriptShowsTheRoomAPeersTableAReadableLeaderAndASuggestion() throws Exception {
        try (RunningConsole c = new RunningConsole(state.resolve("history"), Map.of("TERM", "xterm-256color"), 140, 60)) {
            c.awaitScreen("controller booth (");
            c.awaitLinked(1);

            c.screen.type("slide 3\r");
            c.awaitScreen("✔ slide 3: acked by 1 of 1 display");
            // the controller outranks displays in the election, but who leads depends on timing
            await().untilAsserted(() -> assertThat(c.screen.lastLine())
                    .matches("\\[leader: (booth|stage-left) · 1/1 display · slide 3 · ✔ acked] ›"));

            c.screen.type("peers\r");
            c.awaitScreen("NAME");
            String screen = c.screen.text();
            assertThat(screen).containsPattern("NAME +ROLE +LINK +RTT +LAST ACK +REVISION +ID");
            // names first, short ids last; the display's last ack and the revision it applied
            assertThat(screen).containsPattern(
                    "stage-left( ★ leader)? +display \\(stage\\) +(webrtc|relay) +(\\d+(\\.\\d+)? ms|—) +(now|\\d+ s ago) +\\d+@[0-9a-f]{8} +[0-9a-f]{8}\n");
            assertThat(screen).contains("1 peer · 1/1 displays linked");

            c.screen.type("leader\r");
            await().untilAsserted(() -> assertThat(c.screen.text()).containsPattern(
                    "\n  leader: (booth \\(this controller|stage-left \\(display \\(stage\\)), [0-9a-f]{8}\\) · term \\d+ · signaling at 127\\.0\\.0\\.1:\\d+\n"));
            assertThat(c.screen.text()).doesNotContain("LeaderStatus[");

            c.screen.type("blck on\r");
            c.awaitScreen("livecontrol: unknown command 'blck' — did you mean `black`? (type help for the list)");

            // up-arrow recalls the last command into the line being edited
            c.screen.type(UP);
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› blck on"));
            c.screen.type("\025"); // Ctrl-U: discard the line

            // Tab completes the command, its argument and a display name
            c.screen.type("bl\t");
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› black"));
            c.screen.type("of\t");
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› black off"));
            c.screen.type("@stage-\t");
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› black off @stage-left"));
            c.screen.type("\r");
            c.awaitScreen("✔ black off → @stage-left: acked by 1 of 1 display");

            // colors on a color terminal: the acked mark is green
            assertThat(c.screen.raw()).contains("\033[32m✔ slide 3");
        }
    }

    @Test
    void eventsAppearAboveTheLineBeingTypedAndThePromptFollowsTheRoom() throws Exception {
        try (RunningConsole c = new RunningConsole(state.resolve("history"), Map.of("TERM", "xterm-256color"), 140, 60)) {
            c.awaitLinked(1);
            c.screen.type("slide 7");
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› slide 7"));

            LiveControl lobby = display("lobby-tv", DisplayClass.LOBBY);
            displays.add(lobby);

            // the connect event is printed above; the prompt now counts two displays; the typed text is intact
            c.awaitScreen("connected: lobby-tv (display (lobby), ");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(c.screen.lastLine())
                    .as("screen:\n%s", c.screen.text()).matches("\\[leader: (booth|stage-left) · 2/2 displays] › slide 7"));
            c.screen.type("\r");
            c.awaitScreen("✔ slide 7: acked by 2 of 2 displays");
            assertThat(c.screen.text()).containsPattern("\n    lobby-tv +\\d+(\\.\\d+)? ms +(webrtc|relay)")
                    .containsPattern("\n    stage-left +\\d+(\\.\\d+)? ms +(webrtc|relay)");

            c.screen.type("black on @lobby\r");
            c.awaitScreen("✔ black on → @lobby: acked by 1 of 1 display");
            c.screen.type("slide 1 @nowhere\r");
            c.awaitScreen("livecontrol: no display or display class 'nowhere'");
        } finally {
            if (displays.size() > 1) {
                displays.remove(1).close();
            }
        }
    }

    @Test
    void historyIsKeptAcrossRunsInTheStateDirectory() throws Exception {
        Path history = state.resolve("livecontrol").resolve("controller.history");
        try (RunningConsole c = new RunningConsole(history, Map.of("TERM", "xterm-256color"), 120, 30)) {
            c.awaitLinked(1);
            c.screen.type("slide 2\r");
            c.awaitScreen("✔ slide 2: acked by 1 of 1 display");
        }
        assertThat(Files.readString(history)).contains("slide 2").contains("quit");

        try (RunningConsole c = new RunningConsole(history, Map.of("TERM", "xterm-256color"), 120, 30)) {
            c.awaitLinked(1);
            c.screen.type(UP_NORMAL_MODE + UP_NORMAL_MODE); // the previous run's "quit", then its "slide 2"
            await().untilAsserted(() -> assertThat(c.screen.lastLine()).endsWith("› slide 2"));
            c.screen.type("\r");
            c.awaitScreen("✔ slide 2: acked by 1 of 1 display");
        }
    }

    @Test
    void noColorMeansNoColorEvenOnAColorTerminal() throws Exception {
        try (RunningConsole c = new RunningConsole(state.resolve("history"),
                Map.of("TERM", "xterm-256color", "NO_COLOR", "1"), 120, 30)) {
            c.awaitLinked(1);
            c.screen.type("slide 4\r");
            c.awaitScreen("✔ slide 4: acked by 1 of 1 display");
            c.screen.type("pe\t\r");
            c.awaitScreen("REVISION");
            // no SGR color (30-37, 90-97 foreground, 40-47 background, 38;5 / 48;5) anywhere in the output
            assertThat(c.screen.raw()).doesNotContainPattern("\033\\[[0-9;]*(3[0-8]|4[0-8]|9[0-7])(;[0-9]+)*m");
        }
    }
}
