package org.mobileworship.livecontrol.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published table is rendered from a run's results, names its origin, and compares runs. */
class BenchReportTest {
    private final ObjectMapper m = new ObjectMapper();

    private JsonNode run(String mode, double p50) {
        FigureResult rtt = new FigureResult("acked cue round trip, WebRTC", "ms");
        rtt.samples = 10;
        rtt.p50 = p50;
        rtt.p99 = 3.0;
        rtt.baselineP50 = 0.1;
        rtt.baselineP99 = 0.3;
        rtt.ratioP50 = p50 / 0.1;
        rtt.ratioP99 = 10.0;
        rtt.goal = "p50 <= 1.25x raw";
        rtt.verdict = FigureResult.Verdict.MISS;
        rtt.note = "hand-offs";
        FigureResult failed = FigureResult.failed("cold start", "ms", "p50 <= 2000 ms", "no leader elected");
        System.setProperty("bench.commit", "abc1234");
        return BenchReport.runObject(m, mode, "./bench --quick", List.of(rtt, failed));
    }

    @Test
    void tableNamesCommandCommitAndDateAndShowsRatiosAndReasons() {
        String table = BenchReport.markdown(run("quick", 0.25));
        assertThat(table).contains("with `./bench --quick`").contains("commit `abc1234`")
                .containsPattern("Measured \\d{4}-\\d\\d-\\d\\dT");
        assertThat(table).contains("| acked cue round trip, WebRTC | 10 | 0.250 ms | 3.000 ms | 0.100 / 0.300 ms | ×2.500 / ×10.00 |")
                .contains("MISS (hand-offs)");
        assertThat(table).contains("| cold start | 0 | — | — | — | — |").contains("FAILED (no leader elected)");
    }

    @Test
    void publishingReplacesOnlyTheMarkedTableAndRefusesAReadmeWithoutMarkers() {
        String readme = "intro\n" + BenchReport.BEGIN + "\nold table\n" + BenchReport.END + "\noutro\n";
        String out = BenchReport.replaceBetweenMarkers(readme, "NEW\n");
        assertThat(out).isEqualTo("intro\n" + BenchReport.BEGIN + "\nNEW\n" + BenchReport.END + "\noutro\n");
        assertThat(BenchReport.replaceBetweenMarkers(out, "NEWER\n")).contains("NEWER").doesNotContain("NEW\n" + BenchReport.END);
        assertThatThrownBy(() -> BenchReport.replaceBetweenMarkers("no markers", "x"))
                .hasMessageContaining("no bench markers").hasMessageContaining("bench:begin");
    }

    @Test
    void comparesWithTheLastRunOfTheSameMode(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, m.writeValueAsString(run("quick", 0.20)) + "\n"
                + m.writeValueAsString(run("full", 0.10)) + "\n");
        JsonNode last = BenchReport.lastRun(history, "quick");
        assertThat(last.path("figures").get(0).path("p50").asDouble()).isEqualTo(0.20);
        String cmp = BenchReport.comparison(last, run("quick", 0.30));
        assertThat(cmp).contains("0.200 -> 0.300 ms (x1.50)").contains("cold start").contains("no earlier figure");
        assertThat(BenchReport.lastRun(dir.resolve("absent.jsonl"), "quick")).isNull();
    }

    @Test
    void anOnlyRunComparesEachFigureWithTheLastRunThatMeasuredIt(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history.jsonl");
        JsonNode older = run("full", 0.40);
        FigureResult join = new FigureResult("join", "ms");
        join.p50 = 300;
        JsonNode newer = BenchReport.runObject(m, "full", "./bench --only join", List.of(join));
        Files.writeString(history, m.writeValueAsString(older) + "\n" + m.writeValueAsString(newer) + "\n");
        String cmp = BenchReport.comparison(BenchReport.runs(history, "full"), run("full", 0.20));
        assertThat(cmp).contains("0.400 -> 0.200 ms (x0.50); ratio to baseline x4.000 -> x2.000 [from ");
        assertThat(BenchReport.runs(history, "quick")).isEmpty();
    }
}
