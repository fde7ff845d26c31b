package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: a controller and displays on this machine (loopback only) over the real plugins — mDNS
 * discovery, election, Jetty signaling, WebRTC with the relay fallback — showing each phase, a scripted run
 * of cues, a late joiner's sync, a leader failover with cues flowing, and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a controller and displays on this machine over the real transports and show each phase.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--displays", defaultValue = "2", description = "number of displays (2..16, default 2)")
    int displays;

    @Option(names = "--cues", defaultValue = "20", description = "number of cues to play (default 20)")
    int cues;

    @Option(names = "--json", description = "JSON lines: every event of every node, phases, and the summary")
    boolean json;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds each phase may take (default 60)")
    int timeoutSeconds;

    private Console console;
    private final long t0 = System.nanoTime();
    private final String session = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    /** Each demo node's state directory (its device key) lives under here for the run, then is deleted. */
    private java.nio.file.Path stateRoot;
    private final Map<String, Stats> stats = new LinkedHashMap<>();
    private final Map<PeerId, String> names = new ConcurrentHashMap<>();
    private final Map<String, PeerId> registeredLeader = new ConcurrentHashMap<>();

    /** Per-display delivery figures. */
    private static final class Stats {
        int sent;
        int acked;
        int failed;
        final List<Long> micros = new ArrayList<>();
    }

    @Override
    public Integer call() {
        console = Console.system(json);
        if (displays < 2 || displays > 16) {
            console.error("--displays must be between 2 and 16, was " + displays, "e.g. --displays 3");
            return 2;
        }
        if (cues < 4) {
            console.error("--cues must be at least 4, was " + cues, "e.g. --cues 20");
            return 2;
        }
        List<LiveControl> all = new ArrayList<>();
        try {
            stateRoot = java.nio.file.Files.createTempDirectory("livecontrol-demo-");
            return run(all);
        } catch (java.io.IOException e) {
            console.error("cannot create a temporary state directory for the demo's device keys: " + e.getMessage(),
                    "make the temporary directory (java.io.tmpdir) writable");
            return 1;
        } catch (LiveControlException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        } finally {
            phase("stopping", "closing every node");
            all.forEach(n -> {
                try {
                    n.close();
                } catch (RuntimeException ignored) {
                    // best effort: the JVM exits next
                }
            });
            deleteStateRoot();
        }
    }

    private int run(List<LiveControl> all) {
        console.line("livecontrol demo — 1 controller + " + displays + " displays on this machine (loopback only), session "
                + session);
        console.line("");
        // Displays start first, so one of them leads: then stopping the leader shows that cues between the
        // controller and the other displays keep flowing while the session re-elects.
        List<LiveControl> shown = new ArrayList<>();
        DisplayClass[] classes = DisplayClass.values();
        int early = displays - 1;
        pairEveryDisplay(classes);
        phase("discovering", "starting " + early + " display(s); they discover each other over mDNS on 127.0.0.1");
        for (int i = 0; i < early; i++) {
            LiveControl d = node(PeerType.display(classes[i % classes.length]),
                    classes[i % classes.length].wireName() + "-" + (i + 1), null);
            all.add(d);
            shown.add(d);
            d.start();
        }
        phase("identity", "each node made a device key (ECDSA P-256) and signs its registration; ids are"
                + " derived from the keys, e.g. " + names.get(shown.get(0).id()) + " = "
                + shown.get(0).id().value().substring(0, 14) + "…");
        await("a leader among the displays", () -> agreedLeader(shown) != null);
        PeerId firstLeader = agreedLeader(shown);
        phase("elected", names.get(firstLeader) + " leads (runs the signaling server)");

        // mDNS may take a moment to show the running leader to a newcomer; the controller listens longer so it
        // joins the session as a follower (a display leads in this demo, so stopping the leader later shows
        // cues flowing on without it).
        LiveControl controller = node(PeerType.controller(), "controller", null, "livecontrol.election.discovery-wait", "3s");
        all.add(controller);
        shown.add(controller);
        controller.start();
        phase("joining", "controller started; it follows the existing leader (no pre-emption)");
        await("controller linked to every display", () -> connectedDisplays(controller) == early);
        for (PeerInfo p : controller.connectedPeers()) {
            phase("connected", "controller ↔ " + p.displayName() + " over " + p.transport());
        }

        int firstBatch = cues / 2;
        phase("cues", "playing " + firstBatch + " cues");
        play(controller, 0, firstBatch);

        DisplayClass lateClass = classes[early % classes.length];
        LiveControl late = node(PeerType.display(lateClass), lateClass.wireName() + "-" + displays, null);
        all.add(late);
        phase("late join", late.type() + " " + names.get(late.id()) + " starts now and must receive a sync");
        late.start();
        shown.add(late);
        await("late display linked and synced", () -> connectedDisplays(controller) == displays
                && sameState(late.liveState(), controller.liveState()));
        phase("synced", names.get(late.id()) + " shows " + describe(late.liveState()));

        // Failover: stop the leader while cues keep flowing to the other displays.
        await("every node agreeing on one leader", () -> agreedLeader(shown) != null);
        PeerId current = agreedLeader(shown);
        LiveControl leaderNode = shown.stream().filter(n -> n.id().equals(current)).findFirst()
                .orElseThrow(() -> new LiveControlException("the agreed leader " + current + " is not a demo node"));
        if (leaderNode.type().isController()) {
            throw new LiveControlException("the controller took the lead (a display should lead here); "
                    + "stopping it would stop the cues, so the failover phase cannot run");
        }
        String leaderName = names.get(leaderNode.id());
        List<LiveControl> survivors = new ArrayList<>(shown);
        survivors.remove(leaderNode);
        phase("failover", "stopping the leader " + leaderName + "; cues keep flowing meanwhile");
        long failStart = System.nanoTime();
        leaderNode.close();
        all.remove(leaderNode);
        int duringFailover = 0;
        int next = firstBatch;
        int secondBatch = cues - firstBatch;
        List<PeerId> liveDisplays = survivors.stream().filter(n -> n.type().isDisplay()).map(LiveControl::id).toList();
        while (!reElected(survivors, leaderNode.id()) && elapsedSince(failStart) < timeoutSeconds * 1000L) {
            if (duringFailover < secondBatch / 2) {
                play(controller, next++, 1, liveDisplays);
                duringFailover++;
            }
            sleepQuietly(50);
        }
        if (!reElected(survivors, leaderNode.id())) {
            throw new LiveControlException(ErrorKind.NO_LEADER, "no leader found within " + timeoutSeconds + " s after stopping "
                    + leaderName);
        }
        long failoverMs = elapsedSince(failStart);
        PeerId newLeader = agreedLeader(survivors);
        phase("re-elected", names.get(newLeader) + " leads after " + failoverMs + " ms; " + duringFailover
                + " cue(s) were delivered during the election");

        LiveControl restarted = node(leaderNode.type(), leaderName, leaderNode.id());
        all.add(restarted);
        phase("rejoin", leaderName + " restarts with its old id and must receive the current state");
        restarted.start();
        List<LiveControl> finalDisplays = new ArrayList<>(survivors);
        finalDisplays.remove(controller);
        finalDisplays.add(restarted);
        await("every display linked again", () -> connectedDisplays(controller) == displays);
        play(controller, next, cues - next);

        await("every display showing the controller's state", () -> finalDisplays.stream()
                .allMatch(d -> sameState(d.liveState(), controller.liveState())));
        boolean converged = finalDisplays.stream().allMatch(d -> sameState(d.liveState(), controller.liveState()));
        return summary(controller, finalDisplays, failoverMs, converged);
    }

    private void deleteStateRoot() {
        if (stateRoot == null) {
            return;
        }
        try (var files = java.nio.file.Files.walk(stateRoot)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * The controller pairs each display as an operator would (`livecontrol pair` on both sides): a window with a
     * code per display, the J-PAKE exchange over HTTP on loopback, the trust list signed by the controller. Every
     * node then runs in paired mode.
     */
    private void pairEveryDisplay(DisplayClass[] classes) {
        long started = System.nanoTime();
        for (int i = 0; i < displays; i++) {
            String name = classes[i % classes.length].wireName() + "-" + (i + 1);
            try (RoomPairing.Opened window = RoomPairing.open(stateRoot.resolve("controller"), "controller", "display",
                    name, java.time.Duration.ofMinutes(1), new java.net.InetSocketAddress(
                            java.net.InetAddress.getLoopbackAddress(), 0))) {
                RoomPairing.join(stateRoot.resolve(name), java.net.URI.create("http://127.0.0.1:"
                        + window.endpoint().address().getPort() + "/pair"), window.window().code(), null);
            } catch (org.mobileworship.livecontrol.security.pairing.PairingException e) {
                throw new LiveControlException("the demo could not pair " + name + ": " + e.getMessage(), e);
            }
        }
        phase("pairing", "the controller paired " + displays + " displays with a code each (J-PAKE over HTTP, "
                + (System.nanoTime() - started) / 1_000_000 + " ms in all); every node runs in paired mode: only"
                + " devices of the signed trust list join, lead or are followed");
    }

    private LiveControl node(PeerType type, String name, PeerId id, String... extraConfig) {
        LiveControl.Builder b = LiveControl.builder().role(type).displayName(name)
                .config("livecontrol.security", "paired")
                // a device key per node, kept for the run: the id is derived from it, registrations are signed,
                // and a restarted node finds its key (so it comes back with its old id)
                .config("livecontrol.state-dir", stateRoot.resolve(name).toString())
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session);
        for (int i = 0; i + 1 < extraConfig.length; i += 2) {
            b.config(extraConfig[i], extraConfig[i + 1]);
        }
        if (id != null) {
            b.peerId(id);
        }
        LiveControl n = b.build();
        names.put(n.id(), name);
        n.events().subscribe(e -> onEvent(name, n, e));
        return n;
    }

    private void onEvent(String name, LiveControl node, LiveControlEvent e) {
        console.json(EventJson.of(name, e));
        if (e instanceof LiveControlEvent.PeerListChanged) {
            PeerId leader = node.leaderStatus().leaderId();
            if (leader != null) {
                registeredLeader.put(name, leader);
            }
        } else if (e instanceof LiveControlEvent.TransportChanged t && node.type().isController()) {
            phase("transport", "controller ↔ " + names.getOrDefault(t.peer(), t.peer().value()) + ": "
                    + t.from() + " → " + t.to() + " (" + t.reason() + ")");
        }
    }

    private void play(LiveControl controller, int from, int count) {
        play(controller, from, count, null);
    }

    /** Plays cues to every display ({@code to} null) or to the given displays, each acked before the next. */
    private void play(LiveControl controller, int from, int count, List<PeerId> to) {
        for (int i = from; i < from + count; i++) {
            LiveControlMessage cue = (i % 5 == 4)
                    ? new LiveControlMessage.Black("sunday-service", (i / 5) % 2 == 0)
                    : new LiveControlMessage.Slide("sunday-service", "song-" + (1 + i / 10), i % 10);
            Map<PeerId, CompletableFuture<Delivery>> sent;
            if (to == null) {
                sent = controller.broadcast(cue, org.mobileworship.livecontrol.api.Audience.displays());
            } else {
                sent = new LinkedHashMap<>();
                for (PeerId d : to) {
                    sent.put(d, controller.send(d, cue));
                }
            }
            for (Map.Entry<PeerId, CompletableFuture<Delivery>> f : sent.entrySet()) {
                String display = names.getOrDefault(f.getKey(), f.getKey().value());
                Stats s = stats.computeIfAbsent(display, k -> new Stats());
                s.sent++;
                try {
                    Delivery d = f.getValue().get(timeoutSeconds, TimeUnit.SECONDS);
                    s.acked++;
                    s.micros.add(d.roundTrip().toNanos() / 1000);
                } catch (Exception ex) {
                    s.failed++;
                    console.line("  ! cue " + i + " to " + display + " failed: " + Errors.explain(ex).problem());
                }
            }
        }
    }

    private int summary(LiveControl controller, List<LiveControl> finalDisplays, long failoverMs, boolean converged) {
        int totalSent = 0;
        int totalAcked = 0;
        int totalFailed = 0;
        Map<String, String> transports = new LinkedHashMap<>();
        for (PeerInfo p : controller.peers()) {
            transports.put(p.displayName(), p.connected() ? p.transport() : "down");
        }
        ObjectNode js = Console.JSON.createObjectNode().put("event", "summary");
        ArrayNode rows = js.putArray("displays");
        console.line("");
        console.line(String.format(Locale.ROOT, "%-12s %6s %6s %6s %10s %10s  %s", "display", "sent", "acked",
                "lost", "p50 ms", "p99 ms", "transport"));
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            Stats s = e.getValue();
            totalSent += s.sent;
            totalAcked += s.acked;
            totalFailed += s.failed;
            double p50 = percentile(s.micros, 50) / 1000.0;
            double p99 = percentile(s.micros, 99) / 1000.0;
            String transport = transports.getOrDefault(e.getKey(), "-");
            console.line(String.format(Locale.ROOT, "%-12s %6d %6d %6d %10.2f %10.2f  %s", e.getKey(), s.sent,
                    s.acked, s.failed, p50, p99, transport));
            rows.addObject().put("display", e.getKey()).put("sent", s.sent).put("acked", s.acked)
                    .put("lost", s.failed).put("p50Ms", p50).put("p99Ms", p99).put("transport", transport);
        }
        LiveState st = controller.liveState();
        console.line("");
        console.line("cues: " + totalSent + " sent, " + totalAcked + " acked, " + totalFailed + " lost");
        console.line("failover: " + failoverMs + " ms (leader stopped → every node agrees on the new leader)");
        console.line("final state: " + describe(st) + "; displays converged: " + (converged ? "yes" : "NO"));
        boolean ok = totalFailed == 0 && totalAcked == totalSent && converged;
        console.line(ok ? "RESULT: OK" : "RESULT: FAILED");
        js.put("sent", totalSent).put("acked", totalAcked).put("lost", totalFailed).put("failoverMs", failoverMs)
                .put("converged", converged).put("ok", ok);
        js.set("finalState", EventJson.state(st));
        console.json(js);
        return ok ? 0 : 1;
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static boolean sameState(LiveState a, LiveState b) {
        return a.eventId().equals(b.eventId()) && a.itemId().equals(b.itemId()) && a.slideIndex() == b.slideIndex()
                && a.black() == b.black();
    }

    private static String describe(LiveState s) {
        return s.itemId().isEmpty() ? "nothing yet" : s.itemId() + " slide " + s.slideIndex() + (s.black() ? " (black)" : "");
    }

    private static int connectedDisplays(LiveControl controller) {
        return (int) controller.connectedPeers().stream().filter(p -> p.type().isDisplay()).count();
    }

    private static PeerId agreedLeader(List<LiveControl> nodes) {
        PeerId leader = null;
        for (LiveControl n : nodes) {
            PeerId l = n.leaderStatus().leaderId();
            if (l == null || (leader != null && !leader.equals(l))) {
                return null;
            }
            leader = l;
        }
        return leader;
    }

    private boolean reElected(List<LiveControl> survivors, PeerId old) {
        PeerId l = agreedLeader(survivors);
        if (l == null || l.equals(old)) {
            return false;
        }
        return survivors.stream().allMatch(n -> Objects.equals(registeredLeader.get(names.get(n.id())), l));
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LiveControlException("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            sleepQuietly(20);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms); // polling a condition in an interactive tool, not a test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveControlException("interrupted");
        }
    }

    private long elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private void phase(String name, String text) {
        double s = (System.nanoTime() - t0) / 1e9;
        console.line(String.format(Locale.ROOT, "[%6.2fs] %-11s %s", s, name, text));
        console.json(Console.JSON.createObjectNode().put("event", "phase").put("phase", name).put("text", text)
                .put("elapsedMs", Math.round(s * 1000)));
    }
}
