package org.mobileworship.livecontrol.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure: pooled samples summarized, the baseline and ratio where there is one, the goal and
 * whether it was met, and the noise (min / median / max of the per-repetition medians).
 */
public final class FigureResult {
    /** PASS, MISS, INFO (no goal) or FAILED (could not be measured). */
    public enum Verdict { PASS, MISS, INFO, FAILED }

    public final String name;
    public final String unit;
    public String goal = "";
    public int samples;
    public double p50 = Double.NaN;
    public double p99 = Double.NaN;
    public double max = Double.NaN;
    public Double baselineP50;
    /** What the baseline is (printed in results.json); the raw webrtc-java echo unless a figure says otherwise. */
    public String baselineName = "raw webrtc-java echo, same payload, same run";
    public Double baselineP99;
    public Double ratioP50;
    public Double ratioP99;
    public final List<Double> repMedians = new ArrayList<>();
    public final List<Double> baselineRepMedians = new ArrayList<>();
    public Verdict verdict = Verdict.INFO;
    public String note = "";

    public FigureResult(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    /** Sets p50/p99/max from pooled samples and records one median per repetition. */
    public FigureResult samples(List<double[]> reps) {
        double[] all = Stats.concat(reps);
        Stats.Summary s = Stats.summarize(all);
        samples = s.samples();
        p50 = s.p50();
        p99 = s.p99();
        max = s.max();
        repMedians.clear();
        for (double[] r : reps) {
            if (r.length > 0) {
                repMedians.add(Stats.summarize(r).p50());
            }
        }
        return this;
    }

    /** Sets the baseline from its pooled samples and computes the ratios. */
    public FigureResult baseline(List<double[]> reps) {
        Stats.Summary s = Stats.summarize(Stats.concat(reps));
        baselineP50 = s.p50();
        baselineP99 = s.p99();
        ratioP50 = p50 / baselineP50;
        ratioP99 = p99 / baselineP99;
        baselineRepMedians.clear();
        for (double[] r : reps) {
            baselineRepMedians.add(Stats.summarize(r).p50());
        }
        return this;
    }

    public FigureResult goal(String goal, boolean met) {
        this.goal = goal;
        this.verdict = met ? Verdict.PASS : Verdict.MISS;
        return this;
    }

    public FigureResult info(String goal) {
        this.goal = goal;
        this.verdict = Verdict.INFO;
        return this;
    }

    public static FigureResult failed(String name, String unit, String goal, String reason) {
        FigureResult r = new FigureResult(name, unit);
        r.goal = goal;
        r.verdict = Verdict.FAILED;
        r.note = reason;
        return r;
    }

    public FigureResult note(String note) {
        this.note = this.note.isEmpty() ? note : this.note + "; " + note;
        return this;
    }

    /** "min/median/max" of the repetition medians, or "" with fewer than two repetitions. */
    public String noise() {
        if (repMedians.size() < 2) {
            return "";
        }
        double min = repMedians.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double mx = repMedians.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return fmt(min) + "/" + fmt(Stats.median(repMedians)) + "/" + fmt(mx);
    }

    ObjectNode toJson(ObjectMapper m) {
        ObjectNode o = m.createObjectNode();
        o.put("name", name).put("unit", unit).put("samples", samples);
        num(o, "p50", p50);
        num(o, "p99", p99);
        num(o, "max", max);
        if (baselineP50 != null) {
            o.put("baselineName", baselineName);
            o.put("baseline", baselineP50).put("baselineP99", baselineP99);
            o.put("ratio", ratioP50).put("ratioP99", ratioP99);
        } else {
            o.putNull("baseline");
            o.putNull("ratio");
        }
        o.put("goal", goal).put("verdict", verdict.name());
        ArrayNode meds = o.putArray("repetitionMedians");
        repMedians.forEach(meds::add);
        if (repMedians.size() >= 2) {
            o.put("repetitionMedianMin", repMedians.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            o.put("repetitionMedianMedian", Stats.median(repMedians));
            o.put("repetitionMedianMax", repMedians.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        if (!baselineRepMedians.isEmpty()) {
            ArrayNode b = o.putArray("baselineRepetitionMedians");
            baselineRepMedians.forEach(b::add);
        }
        o.put("note", note);
        return o;
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
