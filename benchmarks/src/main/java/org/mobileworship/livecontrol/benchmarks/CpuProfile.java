package org.mobileworship.livecontrol.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import one.profiler.AsyncProfiler;

/**
 * A CPU profile of one {@link CueAnatomy} phase with async-profiler (perf events, so kernel time spent waking and
 * switching threads is counted too), kept as collapsed stacks and summarised per cue: for each thread group, the
 * CPU per round trip split by whose code was on the CPU (the leaf frame's owner), and the livecontrol methods that
 * led there. Where {@code CueAnatomy}'s switch counts say how many hand-offs a cue takes, this says what the
 * threads did in between.
 */
final class CpuProfile {
    /** CPU time between two samples. */
    private static final long INTERVAL_NS = 200_000;
    private final AsyncProfiler profiler;
    private final Path dir;

    private CpuProfile(AsyncProfiler profiler, Path dir) {
        this.profiler = profiler;
        this.dir = dir;
    }

    /** The profiler, writing into {@code dir}; loads the native library shipped in async-profiler's jar. */
    static CpuProfile open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new CpuProfile(load(), dir);
    }

    private static AsyncProfiler load() throws IOException {
        try {
            return AsyncProfiler.getInstance();
        } catch (UnsatisfiedLinkError notOnLibraryPath) {
            String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
            try (InputStream lib = AsyncProfiler.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
                if (lib == null) {
                    throw new IOException("async-profiler's jar has no " + arch + " library: profile on Linux x64 or arm64");
                }
                Path copy = Files.createTempFile("libasyncProfiler", ".so");
                copy.toFile().deleteOnExit();
                Files.copy(lib, copy, StandardCopyOption.REPLACE_EXISTING);
                return AsyncProfiler.getInstance(copy.toString());
            }
        }
    }

    void start() throws IOException {
        profiler.execute("start,event=cpu,interval=" + INTERVAL_NS + ",threads");
    }

    /** Stops, writes {@code <phase>.collapsed} and prints the summary for {@code cues} round trips. */
    void stop(String phase, int cues) throws IOException {
        Path file = dir.resolve(phase.replaceAll("[^A-Za-z0-9]+", "-") + ".collapsed");
        profiler.execute("stop,collapsed,file=" + file);
        System.out.print(summary(Files.readAllLines(file), cues));
        System.out.println("  (collapsed stacks: " + file + ")");
    }

    /** The per-cue summary of collapsed stacks ({@code thread;frame;…;leaf count} lines). */
    static String summary(List<String> collapsed, int cues) {
        Map<String, Map<String, Long>> byGroup = new TreeMap<>();
        Map<String, Long> livecontrol = new TreeMap<>();
        for (String line : collapsed) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            String group = CueAnatomy.threadGroup(frames[0].replaceFirst("^\\[", "").replaceFirst(" tid=\\d+\\]$", ""));
            byGroup.computeIfAbsent(group, g -> new TreeMap<>()).merge(owner(frames[frames.length - 1]), samples, Long::sum);
            for (int i = frames.length - 1; i > 0; i--) {
                if (frames[i].startsWith(LIVECONTROL)) {
                    livecontrol.merge(frames[i].substring(LIVECONTROL.length()), samples, Long::sum);
                    break;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  CPU per round trip by thread group and by whose code ran (async-profiler, %d µs samples):%n",
                INTERVAL_NS / 1000));
        double all = 0;
        for (var g : byGroup.entrySet()) {
            long total = g.getValue().values().stream().mapToLong(Long::longValue).sum();
            double us = perCue(total, cues);
            if (us < 2) {
                continue;
            }
            all += us;
            List<String> parts = new ArrayList<>();
            g.getValue().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.1f", e.getKey(), perCue(e.getValue(), cues))));
            out.append(String.format(Locale.ROOT, "    %-30s %7.1f µs: %s%n", g.getKey(), us, String.join(", ", parts)));
        }
        out.append(String.format(Locale.ROOT, "    %-30s %7.1f µs%n", "total", all));
        if (!livecontrol.isEmpty()) {
            out.append("  livecontrol methods nearest to the CPU (µs per round trip, all they led to):\n");
            livecontrol.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "    %7.1f  %s%n", perCue(e.getValue(), cues), e.getKey())));
        }
        return out.toString();
    }

    private static double perCue(long samples, int cues) {
        return samples * (INTERVAL_NS / 1e3) / cues;
    }

    private static final String LIVECONTROL = "org/mobileworship/livecontrol/";
    /** Leaf-frame prefixes and whose code they are, first match wins (benchmarks before the rest of livecontrol). */
    private static final List<Map.Entry<String, String>> OWNERS = List.of(
            Map.entry(LIVECONTROL + "benchmarks/", "bench"), Map.entry(LIVECONTROL, "livecontrol"),
            Map.entry("org/eclipse/jetty/", "jetty"), Map.entry("com/google/protobuf/", "protobuf"),
            Map.entry("dev/onvoid/webrtc/", "webrtc-java"), Map.entry("java/", "jdk"), Map.entry("jdk/", "jdk"),
            Map.entry("sun/", "jdk"), Map.entry("com/sun/", "jdk"));

    /** Whose code a leaf frame is: the kernel, the JVM or a native library, or a Java package family. */
    static String owner(String leaf) {
        if (leaf.endsWith("_[k]")) {
            return "kernel";
        }
        for (Map.Entry<String, String> o : OWNERS) {
            if (leaf.startsWith(o.getKey())) {
                return o.getValue();
            }
        }
        return leaf.contains("/") ? "other java" : "native";
    }
}
