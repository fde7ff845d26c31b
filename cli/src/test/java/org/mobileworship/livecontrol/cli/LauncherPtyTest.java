package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * The console in a real pseudo-terminal, started the way the launcher starts it: {@code script} gives the
 * controller process a pty on stdin and stdout, the JVM's own stdout and stderr go to a log file, and the
 * console writes to the caller's stdout through descriptor 4 (the path jline's stock system terminal cannot
 * take). What the pty shows is played into a VT100 emulator.
 */
class LauncherPtyTest {

    @TempDir
    Path dir;

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void aControllerInARealTerminalEditsCompletesAndShowsTheRoom() throws Exception {
        assumeTrue(onPath("script") && onPath("stty") && onPath("tty"),
                "needs util-linux `script` and coreutils `stty`/`tty` (apt-get install util-linux coreutils)");
        String session = "pty-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = dir.resolve("livecontrol.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // as cli/src/main/dist/bin/livecontrol does it
        String command = "stty cols 120 rows 40; exec 3>&2 4>&1; exec " + quote(java)
                + " -Dlivecontrol.log.file=" + quote(log.toString())
                + " -Dlivecontrol.state.dir=" + quote(dir.toString())
                + " -Dlivecontrol.console.tty=true -Dlivecontrol.console.tty.out=true"
                + " --add-opens java.base/java.io=ALL-UNNAMED"
                + " -Dlivecontrol.console.out.fd=4 -Dlivecontrol.console.err.fd=3"
                + " -cp " + quote(System.getProperty("java.class.path"))
                + " org.mobileworship.livecontrol.cli.LiveControlCli controller --name booth --interface 127.0.0.1 --open"
                + " --port 0 --session " + session + " >>" + quote(log.toString()) + " 2>&1";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().remove("NO_COLOR");

        try (LiveControl display = LiveControl.builder().role(PeerType.display(DisplayClass.STAGE))
                .displayName("stage-left")
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                .config("livecontrol.security", "open")
                .build();
             TestScreen screen = new TestScreen(120, 40, false)) {
            display.start();
            Process p = pb.start();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(screen.sink());
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "pty-output");
            pump.start();
            OutputStream keys = p.getOutputStream();
            try {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(screen.lastLine())
                        .as("screen:\n%s\nlog:\n%s", screen.text(), Files.exists(log) ? Files.readString(log) : "")
                        .matches("\\[leader: (booth|stage-left) · 1/1 display] ›"));

                type(keys, "slide 3\r");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(screen.text())
                        .contains("✔ slide 3: acked by 1 of 1 display"));
                await().untilAsserted(() -> assertThat(screen.lastLine()).endsWith("slide 3 · ✔ acked] ›"));

                type(keys, "bl\t");
                await().untilAsserted(() -> assertThat(screen.lastLine()).endsWith("› black"));
                type(keys, "\025blck on\r");
                await().untilAsserted(() -> assertThat(screen.text()).contains("did you mean `black`?"));
                type(keys, "\033[A");
                await().untilAsserted(() -> assertThat(screen.lastLine()).endsWith("› blck on"));
                type(keys, "\025quit\r");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("controller exits on quit").isTrue();
                assertThat(p.exitValue()).isZero();
                pump.join(5000);
            } finally {
                p.destroyForcibly();
            }
            // nothing the operator sees went to the log; the history is in the state directory
            assertThat(Files.readString(log)).doesNotContain("acked by");
            assertThat(Files.readString(dir.resolve("controller.history"))).contains("slide 3").contains("blck on");
        }
    }

    private static void type(OutputStream keys, String s) throws java.io.IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }
}
