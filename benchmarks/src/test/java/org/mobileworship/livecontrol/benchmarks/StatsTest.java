package org.mobileworship.livecontrol.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness' statistics: nearest-rank percentiles, pooled summaries, ratios and repetition noise. */
class StatsTest {

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[99 - i] = i + 1; // reversed: summarize must sort
        }
        Stats.Summary s = Stats.summarize(v);
        assertThat(s.samples()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(50.5);
        assertThat(v[0]).as("input not modified").isEqualTo(100);
    }

    @Test
    void percentilesOfSmallSetsAreMeasuredValues() {
        double[] sorted = {1, 2, 3};
        assertThat(Stats.percentile(sorted, 50)).isEqualTo(2);
        assertThat(Stats.percentile(sorted, 99)).isEqualTo(3);
        assertThat(Stats.percentile(sorted, 1)).isEqualTo(1);
        assertThat(Stats.percentile(new double[] {7}, 99)).isEqualTo(7);
        assertThatThrownBy(() -> Stats.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(sorted, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void figurePoolsRepetitionsAndComputesRatiosAndNoise() {
        FigureResult f = new FigureResult("x", "ms")
                .samples(List.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9}))
                .baseline(List.of(new double[] {1, 1, 1}, new double[] {2, 2, 2}));
        assertThat(f.samples).isEqualTo(9);
        assertThat(f.p50).isEqualTo(5);
        assertThat(f.max).isEqualTo(9);
        assertThat(f.repMedians).containsExactly(2.0, 5.0, 8.0);
        assertThat(f.noise()).isEqualTo("2.000/5.000/8.000");
        assertThat(f.baselineP50).isEqualTo(1);
        assertThat(f.baselineP99).isEqualTo(2);
        assertThat(f.ratioP50).isEqualTo(5.0);
        assertThat(f.ratioP99).isEqualTo(4.5);
        assertThat(f.goal("p50 <= 4", f.p50 <= 4).verdict).isEqualTo(FigureResult.Verdict.MISS);
    }

    @Test
    void tableShowsMissesAndFailures() {
        FigureResult ok = new FigureResult("fast", "ms").samples(List.of(new double[] {1}));
        ok.goal("p50 <= 2 ms", true);
        FigureResult bad = FigureResult.failed("join", "ms", "p50 <= 1500 ms", "no leader");
        String t = Bench.table(List.of(ok, bad));
        assertThat(t).contains("fast").contains("PASS").contains("FAILED").contains("join: no leader");
    }
}
