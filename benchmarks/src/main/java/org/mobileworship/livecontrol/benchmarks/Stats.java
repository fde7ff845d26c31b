package org.mobileworship.livecontrol.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles by the nearest-rank method (the p-th percentile is the smallest sample with at least p% of the
 * samples at or below it): no interpolation, so every reported figure is a value that was actually measured.
 */
public final class Stats {
    private Stats() {
    }

    /** Summary of one sample set. */
    public record Summary(int samples, double p50, double p99, double max, double min, double mean) {
    }

    /** Nearest-rank percentile of {@code sorted} (ascending), {@code p} in (0, 100]. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** p50, p99, max, min and mean of {@code values} (any order; not modified). */
    public static Summary summarize(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new Summary(s.length, percentile(s, 50), percentile(s, 99), s[s.length - 1], s[0], sum / s.length);
    }

    /** Median (nearest-rank p50) of {@code values}. */
    public static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50);
    }

    /** Concatenates sample arrays. */
    public static double[] concat(List<double[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        double[] out = new double[n];
        int i = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, i, a.length);
            i += a.length;
        }
        return out;
    }
}
