package org.mobileworship.livecontrol.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * Footprint of one display in its own JVM ({@link FootprintChild}), idle and while the controller in this JVM
 * sends it 100 cues/s: heap used after a full GC, RSS (VmRSS) and OS thread count (Java + native WebRTC).
 */
final class FootprintFigures {
    private FootprintFigures() {
    }

    static List<FigureResult> run(Profile p) {
        int measures = Math.max(3, p.footprintSeconds() / 2);
        List<long[]> idle = new ArrayList<>();
        List<long[]> load = new ArrayList<>();
        String[] idleCensus = {""};
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Process child = null;
        try (Nodes nodes = new Nodes()) {
            LiveControl c = nodes.dataPath(PeerType.controller(), "controller", "webrtc+relay");
            c.start();
            Nodes.await("controller leads (serves signaling)", Duration.ofSeconds(20),
                    () -> c.leaderStatus().self() && c.leaderStatus().endpoint() != null);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(childJvmOptions());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "logback.xml"),
                    FootprintChild.class.getName(), c.id().value(),
                    c.leaderStatus().endpoint().getHostString(), String.valueOf(c.leaderStatus().endpoint().getPort()),
                    nodes.session()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "footprint-child.log").toFile()));
            String arenas = System.getenv("BENCH_FOOTPRINT_MALLOC_ARENA_MAX");
            if (arenas != null && !arenas.isBlank()) {
                pb.environment().put("MALLOC_ARENA_MAX", arenas.trim());
            }
            child = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
            String ready = readLine(out, "READY ");
            PeerId display = PeerId.of(ready.substring("READY ".length()).trim());
            Nodes.await("controller linked to the child display", Duration.ofSeconds(30), () -> Nodes.linkedDisplays(c) == 1);
            Nodes.sleep(IDLE_SETTLE_MS);
            for (int i = 0; i < measures; i++) {
                idle.add(measure(in, out));
                Nodes.sleep(1000);
            }
            in.println("census");
            idleCensus[0] = readLine(out, "CENSUS ").substring("CENSUS ".length()).trim();
            ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();
            try {
                pump.scheduleAtFixedRate(() -> {
                    sent.incrementAndGet();
                    c.send(display, DataPathFigures.cue(sent.get())).whenComplete((d, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                    });
                }, 0, 10, TimeUnit.MILLISECONDS);
                Nodes.sleep(p.footprintSeconds() * 1000L);
                for (int i = 0; i < measures; i++) {
                    load.add(measure(in, out));
                    Nodes.sleep(1000);
                }
            } finally {
                pump.shutdownNow();
            }
            in.println("quit");
            child.waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            String why = SessionFigures.reason(e);
            return List.of(FigureResult.failed("footprint (display JVM)", "-", "RSS <= 200 MiB, heap <= 64 MiB", why));
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
        }
        List<FigureResult> r = new ArrayList<>();
        String loadNote = "100 cues/s, " + sent.get() + " sent, " + failed.get() + " failed";
        String idleNote = "idle from " + IDLE_SETTLE_MS / 1000 + " s after it linked";
        r.add(fig("footprint idle: heap after GC", "MiB", idle, 0, 1.0 / (1024 * 1024), 64, idleNote));
        // issue 17's goals for an idle display: RSS <= 120 MiB, <= 30 threads
        r.add(fig("footprint idle: RSS", "MiB", idle, 1, 1.0 / 1024, 120, idleNote));
        r.add(fig("footprint idle: threads (OS)", "threads", idle, 2, 1, 30, idleNote
                + "; census (comm, digits as #): " + idleCensus[0]));
        r.add(fig("footprint 100 cues/s: heap after GC", "MiB", load, 0, 1.0 / (1024 * 1024), 64, loadNote));
        r.add(fig("footprint 100 cues/s: RSS", "MiB", load, 1, 1.0 / 1024, 200, loadNote));
        r.add(fig("footprint 100 cues/s: threads (OS)", "threads", load, 2, 1, -1, loadNote));
        return r;
    }

    /**
     * How long the display sits linked and idle before the idle measurements: longer than the 10 s after which
     * its link-setup threads (WebRTC control, mDNS events, extra Jetty workers) leave, so "idle" is the state a
     * display keeps between cues, not the seconds after it linked.
     */
    static final long IDLE_SETTLE_MS = 15_000;

    /** The options the launcher gives {@code livecontrol display} (one source of truth for both). */
    static final Path DISPLAY_JVM_OPTIONS = Path.of("..", "cli", "src", "main", "dist", "bin", "display.jvm-options");

    /**
     * The display JVM's options: {@code BENCH_FOOTPRINT_JVM_OPTS} (space-separated, for trying flags; empty = the
     * JVM's defaults), else those of the launcher's {@code display} command ({@link #DISPLAY_JVM_OPTIONS}), so
     * the figure measures what a display installation runs.
     */
    static List<String> childJvmOptions() {
        String opts = System.getenv("BENCH_FOOTPRINT_JVM_OPTS");
        if (opts == null) {
            try {
                opts = Files.readAllLines(DISPLAY_JVM_OPTIONS).stream().filter(l -> !l.strip().startsWith("#"))
                        .collect(java.util.stream.Collectors.joining(" "));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the display's JVM options " + DISPLAY_JVM_OPTIONS
                        .toAbsolutePath().normalize() + " (run ./bench from the repository): " + e.getMessage(), e);
            }
        }
        return opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    private static String flagsNote() {
        String arenas = System.getenv("BENCH_FOOTPRINT_MALLOC_ARENA_MAX");
        String flags = String.join(" ", childJvmOptions());
        return (flags.isEmpty() ? "default JVM flags" : "JVM flags " + flags)
                + (arenas == null || arenas.isBlank() ? "" : ", MALLOC_ARENA_MAX=" + arenas.trim());
    }

    private static FigureResult fig(String name, String unit, List<long[]> m, int col, double scale, double limit,
                                    String note) {
        double[] v = m.stream().mapToDouble(a -> a[col] * scale).toArray();
        FigureResult f = new FigureResult(name, unit).samples(List.of(v));
        f.note("display alone in its own JVM (" + flagsNote() + "), measured " + v.length + "x 1 s apart"
                + (col == 2 ? "; JVM threads " + m.get(m.size() - 1)[3] : ""));
        if (!note.isEmpty()) {
            f.note(note);
        }
        if (limit < 0) {
            return f.info("-");
        }
        return f.goal("<= " + (int) limit + " " + unit, f.max <= limit);
    }

    private static long[] measure(PrintWriter in, BufferedReader out) throws Exception {
        in.println("measure");
        String[] parts = readLine(out, "MEASURE ").split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
            Long.parseLong(parts[4])};
    }

    private static String readLine(BufferedReader out, String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the display JVM exited before printing " + prefix.trim()
                + " (see benchmarks/target/footprint-child.log)");
    }
}
