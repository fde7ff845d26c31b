package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code livecontrol demo --json} over the real plugins on loopback: every cue acked, displays converged, and
 * exactly one leader after the failover.
 */
class DemoJsonTest {

    @Test
    void theDemoSucceedsAndItsSummaryAddsUp() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            exit = LiveControlCli.run("demo", "--json", "--cues", "12");
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Console.JSON.readTree(line));
            }
        }
        JsonNode summary = lines.stream().filter(n -> "summary".equals(n.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + buf));
        assertThat(exit).as("exit code; output:\n%s", buf).isZero();
        assertThat(summary.path("ok").asBoolean()).isTrue();
        assertThat(summary.path("lost").asInt()).isZero();
        assertThat(summary.path("acked").asInt()).isEqualTo(summary.path("sent").asInt()).isPositive();
        assertThat(summary.path("converged").asBoolean()).isTrue();
        assertThat(summary.path("displays")).hasSize(2);
        assertThat(lines).anySatisfy(n -> assertThat(n.path("phase").asText()).isEqualTo("re-elected"));
        // the demo pairs its displays and runs in paired mode (docs/security.md)
        assertThat(lines).anySatisfy(n -> assertThat(n.path("phase").asText()).isEqualTo("pairing"));
        // every node's events are in the stream, e.g. a leaderChanged naming the new leader
        assertThat(lines).anySatisfy(n -> assertThat(n.path("event").asText()).isEqualTo("leaderChanged"));
    }
}
