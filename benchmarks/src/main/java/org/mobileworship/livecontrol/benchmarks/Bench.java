package org.mobileworship.livecontrol.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * The benchmark harness: runs every figure of issue 9, prints a table and writes
 * {@code benchmarks/target/results.json}. Arguments: {@code --quick} (small counts, for CI),
 * {@code --only a,b} (figure keys: rtt, browser, relay, fanout, throughput, join, coldstart, failover, footprint, codec),
 * {@code --out FILE}.
 */
public final class Bench {
    static final List<String> ALL = List.of("rtt", "browser", "relay", "fanout", "throughput", "join", "coldstart", "failover",
            "powerloss", "trust", "footprint", "codec");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Profile profile = Profile.FULL;
        Set<String> only = new LinkedHashSet<>(ALL);
        Path out = Path.of("target", "results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> profile = Profile.QUICK;
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                    for (String k : only) {
                        if (!ALL.contains(k)) {
                            System.err.println("unknown figure '" + k + "'; figures: " + ALL);
                            System.exit(2);
                        }
                    }
                }
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: Bench [--quick] [--only " + String.join(",", ALL) + "] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        System.out.println("livecontrol benchmarks, " + profile.name() + " mode, " + profile.reps()
                + " repetitions; machine: " + Machine.describe());
        List<FigureResult> results = new ArrayList<>();
        Profile p = profile;
        if (only.contains("rtt")) {
            results.add(run("rtt", () -> DataPathFigures.webrtcRoundTrip(p), "acked cue round trip, WebRTC", "ms"));
        }
        if (only.contains("browser")) {
            results.add(run("browser", () -> DataPathFigures.browserRoundTrip(p), DataPathFigures.BROWSER_FIGURE, "ms"));
        }
        if (only.contains("relay")) {
            results.add(run("relay", () -> DataPathFigures.relayRoundTrip(p), "acked cue round trip, relay", "ms"));
        }
        if (only.contains("fanout")) {
            results.add(run("fanout", () -> DataPathFigures.fanout(p), "fan-out broadcast to 16 displays", "ms"));
        }
        if (only.contains("throughput")) {
            results.add(run("throughput", () -> DataPathFigures.throughput(p), "throughput", "cues/s"));
        }
        if (only.contains("join")) {
            results.add(run("join", () -> SessionFigures.join(p), "join", "ms"));
        }
        if (only.contains("coldstart")) {
            results.add(run("coldstart", () -> SessionFigures.coldStart(p), "cold start", "ms"));
        }
        if (only.contains("failover")) {
            results.add(run("failover", () -> SessionFigures.failover(p, false), "failover, default", "ms"));
            results.add(run("failover", () -> SessionFigures.failover(p, true), "failover, fast profile", "ms"));
        }
        if (only.contains("powerloss")) {
            results.add(run("powerloss", () -> SessionFigures.failover(p, false, true), "failover after power loss, default", "ms"));
            results.add(run("powerloss", () -> SessionFigures.failover(p, true, true), "failover after power loss, fast profile", "ms"));
        }
        if (only.contains("trust")) {
            results.add(run("trust", () -> TrustFigures.pairing(p), "pairing a new device", "ms"));
            results.add(run("trust", () -> TrustFigures.registration(p), "registration, signed vs unsigned", "ms"));
            results.add(run("trust", () -> TrustFigures.pairedRoundTrip(p), "acked cue round trip, paired vs open", "ms"));
        }
        if (only.contains("footprint")) {
            progress("footprint");
            results.addAll(FootprintFigures.run(p));
        }
        if (only.contains("codec")) {
            progress("codec (JMH)");
            results.addAll(codec(p));
        }
        System.out.println();
        System.out.print(table(results));
        System.out.printf(Locale.ROOT, "%n%d figures in %.0f s; results in %s%n", results.size(),
                (System.nanoTime() - t0) / 1e9, out.toAbsolutePath().normalize());
        write(results, out, profile == Profile.QUICK ? "quick" : "full",
                ("./bench " + String.join(" ", args)).trim());
        // webrtc-java and jmdns leave non-daemon threads behind; the harness is done
        System.exit(0);
    }

    private static FigureResult run(String key, Callable<FigureResult> figure, String name, String unit) {
        progress(name);
        long t = System.nanoTime();
        FigureResult r;
        try {
            r = figure.call();
        } catch (Exception | Error e) {
            r = FigureResult.failed(name, unit, "", SessionFigures.reason(e));
        }
        System.out.printf(Locale.ROOT, "  ... %s: %s (%.0f s)%n", key, r.verdict, (System.nanoTime() - t) / 1e9);
        return r;
    }

    private static void progress(String name) {
        System.out.println("running: " + name);
    }

    static List<FigureResult> codec(Profile p) {
        try {
            Options opt = new OptionsBuilder()
                    .include(CodecBenchmark.class.getName())
                    .forks(p.jmhLong() ? 1 : 0)
                    .warmupIterations(p.jmhLong() ? 3 : 1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(p.jmhLong() ? 5 : 2).measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "logback.xml"))
                    .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                    .build();
            Collection<RunResult> runs = new Runner(opt).run();
            List<FigureResult> out = new ArrayList<>();
            for (RunResult rr : runs) {
                String bench = rr.getParams().getBenchmark();
                Statistics s = rr.getPrimaryResult().getStatistics();
                FigureResult f = new FigureResult("codec " + bench.substring(bench.lastIndexOf('.') + 1), "ns");
                f.samples = (int) Math.min(Integer.MAX_VALUE, s.getN());
                f.p50 = s.getPercentile(50);
                f.p99 = s.getPercentile(99);
                f.max = s.getMax();
                f.info("-").note("JMH SampleTime, mean " + FigureResult.fmt(s.getMean()) + " ns");
                out.add(f);
            }
            return out;
        } catch (Exception e) {
            return List.of(FigureResult.failed("codec (JMH)", "ns", "-", SessionFigures.reason(e)));
        }
    }

    static String table(List<FigureResult> results) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-40s %-7s %7s %9s %9s %9s %13s %13s %-27s %-6s %s%n";
        b.append(String.format(Locale.ROOT, fmt, "figure", "unit", "samples", "p50", "p99", "max", "baseline p50/99",
                "ratio p50/99", "goal", "result", "noise (rep medians min/med/max)"));
        for (FigureResult r : results) {
            String base = r.baselineP50 == null ? "-" : FigureResult.fmt(r.baselineP50) + "/" + FigureResult.fmt(r.baselineP99);
            String ratio = r.ratioP50 == null ? "-" : FigureResult.fmt(r.ratioP50) + "/" + FigureResult.fmt(r.ratioP99);
            b.append(String.format(Locale.ROOT, fmt, r.name, r.unit, r.samples, FigureResult.fmt(r.p50),
                    FigureResult.fmt(r.p99), FigureResult.fmt(r.max), base, ratio, r.goal, r.verdict, r.noise()));
        }
        b.append("notes:\n");
        for (FigureResult r : results) {
            if (!r.note.isEmpty()) {
                b.append("  ").append(r.name).append(": ").append(r.note).append('\n');
            }
        }
        return b.toString();
    }

    private static void write(List<FigureResult> results, Path out, String mode, String command) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        m.writeValue(out.toFile(), BenchReport.runObject(m, mode, command, results));
    }
}
