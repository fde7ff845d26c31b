package org.mobileworship.livecontrol.benchmarks;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where an acked cue's cost goes, per cue, in the same JVM and run as the raw webrtc-java echo: voluntary
 * context switches per OS thread group (each is a thread that parked and had to be woken: one hand-off on the
 * cue's path, or a side wake-up such as an event bus) and bytes allocated by Java threads. Not a timing figure
 * (the machine is shared); the counts do not depend on load.
 *
 * <p>{@code java -cp 'benchmarks/target/livecontrol-benchmarks-*.jar:benchmarks/target/lib/*'
 * org.mobileworship.livecontrol.benchmarks.CueAnatomy [cues] [webrtc|relay|fanout]}: {@code webrtc} (the
 * default) against the raw webrtc-java echo; {@code relay} against the plain Jetty hub echo, both paced 10 ms
 * apart as in the relay figure; {@code fanout} a broadcast to 16 displays in one JVM (no baseline: counts per
 * broadcast and per display); {@code interleaved} the rhythm of {@code ./bench}'s rtt figure, chunk by chunk.
 * {@code -Danatomy.profile=<dir>} adds a CPU profile of each phase ({@link CpuProfile}: CPU per round trip by thread
 * group and by whose code ran); {@code -Danatomy.jfr=<dir>} a JFR recording of each.
 */
public final class CueAnatomy {
    private CueAnatomy() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String mode = args.length > 1 ? args[1] : "webrtc";
        byte[] payload = DataPathFigures.wirePayload();
        switch (mode) {
            case "webrtc", "interleaved" -> {
                try (RawEcho echo = new RawEcho(); RawEcho twoFactories = new RawEcho(true);
                     DataPathFigures.Pair pair = DataPathFigures.Pair.open("webrtc")) {
                    // interleaved: the ./bench rtt figure's rhythm (its full profile's warm-up each, or
                    // -Danatomy.warmup=N; chunks of n: raw, raw with a factory per peer, livecontrol; three times),
                    // to see where in a chunk slow round trips fall
                    boolean interleaved = mode.equals("interleaved");
                    int warmUp = Integer.getInteger("anatomy.warmup", interleaved ? Profile.FULL.rttWarmup() : 2000);
                    echo.run(warmUp, payload);
                    twoFactories.run(warmUp, payload);
                    pair.sequential(warmUp, 0);
                    if (interleaved) {
                        // -Danatomy.rounds=R (default 3): R chunks of n per side, the order rotating as in the
                        // bench (n=200, R=30 is its full profile); each chunk printed when R <= 3, else pooled per
                        // side with the p99 of the chunks' first 5 round trips set apart
                        int rounds = Integer.getInteger("anatomy.rounds", 3);
                        java.util.List<double[]> raw = new java.util.ArrayList<>();
                        java.util.List<double[]> perPeer = new java.util.ArrayList<>();
                        java.util.List<double[]> lc = new java.util.ArrayList<>();
                        for (int r = 0; r < rounds; r++) {
                            int offset = r * n;
                            DataPathFigures.inRotation(r,
                                    () -> raw.add(echo.run(n, payload)),
                                    () -> perPeer.add(twoFactories.run(n, payload)),
                                    () -> lc.add(pair.sequential(n, offset)));
                            if (rounds <= 3) {
                                chunk("raw", raw.get(r));
                                chunk("raw, factory per peer", perPeer.get(r));
                                chunk("livecontrol", lc.get(r));
                            }
                        }
                        if (rounds > 3) {
                            pooled("raw", raw);
                            pooled("raw, factory per peer", perPeer);
                            pooled("livecontrol", lc);
                        }
                    } else {
                        report("raw webrtc-java echo", n, () -> echo.run(n, payload));
                        report("raw echo, a factory per peer", n, () -> twoFactories.run(n, payload));
                        report("livecontrol acked cue", n, () -> pair.sequential(n, 0));
                    }
                }
            }
            case "relay", "relay-chunked" -> {
                // relay: one block per side; relay-chunked: the bench's rhythm (chunks of 100, the order rotating),
                // to see where in a chunk each side's slow round trips fall. Both warm up like the bench (back to
                // back, -Danatomy.warmup=N). Sides: the hub, the hub with a client per peer, livecontrol.
                boolean chunked = mode.equals("relay-chunked");
                int warmUp = Integer.getInteger("anatomy.warmup", Profile.FULL.rttWarmup());
                try (JettyHubEcho hub = new JettyHubEcho(); JettyHubEcho hubPerPeer = new JettyHubEcho(true);
                     DataPathFigures.Pair pair = DataPathFigures.Pair.openRelay()) {
                    DataPathFigures.relayWarmUp(hub, hubPerPeer, pair, payload, warmUp);
                    if (chunked) {
                        double[] h = new double[n];
                        double[] hp = new double[n];
                        double[] l = new double[n];
                        DataPathFigures.relayChunks(hub, hubPerPeer, pair, payload, warmUp, h, hp, l);
                        byPosition("hub", h);
                        byPosition("hub, client per peer", hp);
                        byPosition("livecontrol relay", l);
                    } else {
                        long pause = DataPathFigures.RELAY_PAUSE_MS;
                        report("plain Jetty hub echo", n, () -> hub.run(n, payload, pause));
                        report("hub echo, a client per peer", n, () -> hubPerPeer.run(n, payload, pause));
                        report("livecontrol acked cue, relay", n, () -> pair.sequential(n, 0, pause));
                    }
                }
            }
            case "fanout" -> {
                try (RawFanout floor = new RawFanout(16); DataPathFigures.Room room = DataPathFigures.Room.open(16)) {
                    floor.broadcasts(Math.max(20, n / 4), payload);
                    room.broadcasts(Math.max(20, n / 4), 0);
                    report("raw webrtc-java fan-out to 16 echoing ends", n, () -> floor.broadcasts(n, payload));
                    report("broadcast to 16 displays, all acked", n, () -> room.broadcasts(n, 1000));
                }
            }
            default -> throw new IllegalArgumentException("mode " + mode + ": webrtc, relay, relay-chunked, fanout or interleaved");
        }
        System.exit(0);
    }

    /** p50 of the first 10 round trips of every chunk of 100 against the other 90, and of all. */
    private static void byPosition(String what, double[] rtt) {
        java.util.List<Double> first = new java.util.ArrayList<>();
        java.util.List<Double> rest = new java.util.ArrayList<>();
        for (int i = 0; i < rtt.length; i++) {
            (i % DataPathFigures.RELAY_CHUNK < 10 ? first : rest).add(rtt[i]);
        }
        double[] all = rtt.clone();
        java.util.Arrays.sort(all);
        System.out.printf(Locale.ROOT, "%-20s p50 %.3f ms (first 10 of each chunk %.3f, the other 90 %.3f), p99 %.3f ms%n",
                what, Stats.percentile(all, 50), median(first), median(rest), Stats.percentile(all, 99));
    }

    /** All chunks of one side: p50/p99, and the p99 without each chunk's first 5 round trips, and of those 5. */
    private static void pooled(String what, java.util.List<double[]> chunks) {
        java.util.List<Double> all = new java.util.ArrayList<>();
        java.util.List<Double> first = new java.util.ArrayList<>();
        java.util.List<Double> rest = new java.util.ArrayList<>();
        for (double[] c : chunks) {
            for (int i = 0; i < c.length; i++) {
                all.add(c[i]);
                (i < 5 ? first : rest).add(c[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%-24s p50 %.3f ms, p99 %.3f ms; without each chunk's first 5: p99 %.3f ms; those first 5: p50 %.3f, p90 %.3f ms%n",
                what, median(all), pct(all, 99), pct(rest, 99), median(first), pct(first, 90));
    }

    private static double pct(java.util.List<Double> v, double p) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return Stats.percentile(a, p);
    }

    private static double median(java.util.List<Double> v) {
        return pct(v, 50);
    }

    /** One chunk's p50/p99 and where its round trips over 1 ms fall (first 100 of the chunk or later). */
    private static void chunk(String what, double[] rtt) {
        double[] sorted = rtt.clone();
        java.util.Arrays.sort(sorted);
        int early = 0;
        int late = 0;
        for (int i = 0; i < rtt.length; i++) {
            if (rtt[i] > 1.0) {
                if (i < 100) {
                    early++;
                } else {
                    late++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-24s p50 %.3f ms, p99 %.3f ms, max %.3f ms; over 1 ms: %d in the first 100, %d after%n",
                what, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99), sorted[sorted.length - 1], early, late);
    }

    interface Work {
        /** Round trips in ms (or null when the phase has none to report). */
        double[] run() throws Exception;
    }

    private static void report(String what, int n, Work work) throws Exception {
        // -Danatomy.jfr=<dir>: a JFR recording of this phase alone (allocation samples by stack, thread parks)
        String jfrDir = System.getProperty("anatomy.jfr");
        jdk.jfr.Recording jfr = null;
        if (jfrDir != null) {
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.enable("jdk.ObjectAllocationSample").with("throttle", "10000/s");
            jfr.setDestination(Path.of(jfrDir, what.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr"));
            jfr.start();
        }
        // -Danatomy.profile=<dir>: an async-profiler CPU profile of this phase alone, summarised per round trip
        String profileDir = System.getProperty("anatomy.profile");
        CpuProfile profile = profileDir == null ? null : CpuProfile.open(Path.of(profileDir));
        Map<String, Usage> before = usageByGroup();
        if (profile != null) {
            profile.start();
        }
        long bytes0 = allocated();
        long gcs0 = gcCount();
        long t = System.nanoTime();
        double[] rtt = work.run();
        double ms = (System.nanoTime() - t) / 1e6;
        if (profile != null) {
            profile.stop(what, n);
        }
        long gcs = gcCount() - gcs0;
        long bytes = allocated() - bytes0;
        Map<String, Usage> after = usageByGroup();
        if (jfr != null) {
            jfr.stop();
            jfr.close();
        }
        System.out.printf(Locale.ROOT, "%s: %d round trips in %.0f ms; %.0f bytes allocated per round trip%n",
                what, n, ms, (double) bytes / n);
        if (rtt != null) {
            // the tail: how many round trips were slow, against how many collections ran meanwhile (each pause
            // can make at most a few round trips slow)
            double[] sorted = rtt.clone();
            java.util.Arrays.sort(sorted);
            long over1 = java.util.Arrays.stream(rtt).filter(v -> v > 1.0).count();
            System.out.printf(Locale.ROOT, "  p50 %.3f ms, p99 %.3f ms, max %.3f ms; %d over 1 ms; %d GCs meanwhile%n",
                    Stats.percentile(sorted, 50), Stats.percentile(sorted, 99), sorted[sorted.length - 1], over1, gcs);
        }
        double total = 0;
        double totalCpu = 0;
        for (Map.Entry<String, Usage> e : after.entrySet()) {
            Usage was = before.getOrDefault(e.getKey(), Usage.NONE);
            double per = (double) (e.getValue().switches() - was.switches()) / n;
            double cpuUs = (e.getValue().cpuNanos() - was.cpuNanos()) / 1e3 / n;
            if (per >= 0.05 || cpuUs >= 1) {
                System.out.printf(Locale.ROOT, "  %-28s %6.2f voluntary switches, %7.1f µs CPU per round trip%n",
                        e.getKey(), per, cpuUs);
                total += per;
                totalCpu += cpuUs;
            }
        }
        System.out.printf(Locale.ROOT, "  %-28s %6.2f switches, %7.1f µs CPU%n", "total", total, totalCpu);
    }

    private static long gcCount() {
        long n = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long allocated() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** What a group of threads did so far: voluntary context switches and nanoseconds on a CPU. */
    private record Usage(long switches, long cpuNanos) {
        static final Usage NONE = new Usage(0, 0);

        Usage plus(Usage o) {
            return new Usage(switches + o.switches, cpuNanos + o.cpuNanos);
        }
    }

    /**
     * voluntary_ctxt_switches and CPU time of this process's threads, summed by name with digits folded. Names are the Java
     * thread names where HotSpot's thread dump maps the native id to one (the kernel's {@code comm} keeps only
     * 15 characters: the signaling client's and server's pools would share one group).
     */
    private static Map<String, Usage> usageByGroup() throws IOException {
        Map<String, Usage> out = new TreeMap<>();
        Map<Long, String> javaNames = javaNamesByNativeId();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String javaName = javaNames.get(Long.parseLong(task.getFileName().toString()));
                    String name = threadGroup(javaName != null ? javaName : Files.readString(task.resolve("comm")).trim());
                    long switches = 0;
                    for (String l : Files.readAllLines(task.resolve("status"))) {
                        if (l.startsWith("voluntary_ctxt_switches:")) {
                            switches = Long.parseLong(l.replaceAll("[^0-9]", ""));
                        }
                    }
                    // schedstat: nanoseconds this thread ran on a CPU (first field)
                    long cpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                    out.merge(name, new Usage(switches, cpu), Usage::plus);
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** A thread's group: its name with digits folded, so a pool's threads (and two nodes' pools) add up. */
    static String threadGroup(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    private static final java.util.regex.Pattern DUMP_LINE =
            java.util.regex.Pattern.compile("^\"(.*)\" .* nid=0x([0-9a-f]+) ", java.util.regex.Pattern.MULTILINE);

    /** Native thread id → Java thread name, from HotSpot's {@code Thread.print} diagnostic command. */
    private static Map<Long, String> javaNamesByNativeId() {
        Map<Long, String> names = new java.util.HashMap<>();
        try {
            Object dump = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            var m = DUMP_LINE.matcher(String.valueOf(dump));
            while (m.find()) {
                names.put(Long.parseLong(m.group(2), 16), m.group(1));
            }
        } catch (Exception | LinkageError unavailable) {
            // not HotSpot: group by the kernel's truncated names
        }
        return names;
    }
}
