package org.mobileworship.livecontrol.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.discovery.MdnsDiscoveryProvider;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.signaling.JettySignalingProvider;
import org.mobileworship.livecontrol.transport.relay.RelayTransportProvider;
import org.mobileworship.livecontrol.transport.webrtc.WebRtcTransportProvider;

/**
 * The display of the footprint figure, alone in its own JVM so its RSS and thread count are its own. Real
 * mDNS discovery (on 127.0.0.1), Jetty signaling client, WebRTC and relay transports; it follows the
 * benchmark JVM's controller as leader ({@link StaticLeaderElectionProvider}). Protocol on stdin/stdout:
 * prints {@code READY <peer id>}; {@code measure} → {@code MEASURE <heap bytes after GC> <RSS KiB> <OS threads> <JVM threads>};
 * {@code census} → {@code CENSUS <name>=<count> ... | java: <name>=<count> ...} (the OS threads by
 * {@code /proc/self/task/<tid>/comm}, then the Java threads by full name; digits folded to {@code #}, so a pool's
 * threads count as one name); {@code quit} closes the node and exits.
 *
 * <p>Arguments: leader peer id, leader host, leader port, session.
 */
public final class FootprintChild {
    private FootprintChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: FootprintChild <leader id> <leader host> <leader port> <session>");
            System.exit(2);
        }
        InetSocketAddress leader = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        try (LiveControl d = LiveControlRuntime.builder().role(PeerType.display(DisplayClass.STAGE))
                .displayName("footprint-display")
                .discovery(new MdnsDiscoveryProvider())
                .election(new StaticLeaderElectionProvider(PeerId.of(args[0]), leader))
                .signaling(new JettySignalingProvider())
                .transports(List.of(new WebRtcTransportProvider(), new RelayTransportProvider()))
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", args[3])
                .config("livecontrol.security", "open") // the benchmark JVM's controller runs open (Nodes)
                .build()) {
            d.start();
            System.out.println("READY " + d.id().value());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("measure")) {
                    System.out.println("MEASURE " + heapAfterGc() + " " + rssKib() + " " + osThreads()
                            + " " + ManagementFactory.getThreadMXBean().getThreadCount());
                    System.out.flush();
                } else if (line.equals("census")) {
                    System.out.println("CENSUS " + threadCensus() + " | java: " + javaThreadCensus());
                    System.out.flush();
                } else if (line.equals("quit")) {
                    break;
                }
            }
        }
        System.exit(0);
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status in KiB, or -1 where there is no /proc. */
    static long rssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /**
     * The OS threads of this process by name ({@code comm}, which the kernel cuts at 15 characters), digits folded
     * to {@code #}, most frequent first: {@code name=count} separated by spaces, spaces in names as {@code _}.
     */
    static String threadCensus() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#")
                            .replace(' ', '_');
                    counts.merge(name, 1, Integer::sum);
                } catch (java.io.IOException gone) {
                    // the thread ended between list and read: it is not part of the census
                }
            }
        } catch (java.io.IOException e) {
            return "unavailable(" + e.getMessage().replace(' ', '_') + ")";
        }
        StringBuilder b = new StringBuilder();
        counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(java.util.Map.Entry.comparingByKey()))
                .forEach(e -> b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue()));
        return b.toString();
    }

    /**
     * The Java threads by their full names (the OS names are cut at 15 characters), node ids and numbers folded to
     * {@code #}, in the format of {@link #threadCensus()}. Native threads webrtc-java attached show as
     * {@code Thread-#}.
     */
    static String javaThreadCensus() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "#")
                    .replaceAll("\\b[0-9a-f]{8}\\b", "#").replaceAll("[0-9]+", "#").replace(' ', '_');
            counts.merge(name, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    /** Threads of this process as the OS sees them (includes native WebRTC threads), or -1. */
    static long osThreads() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Threads:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
