package org.mobileworship.livecontrol.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A test's room: the {@link Lan}, a private copy of the distribution, the {@link Node}s started in it, and the
 * invariants checked over their events. {@link #close()} always kills every process it started (by PID) and deletes
 * the namespaces; the run directory (logs, events) is deleted when the test {@link #passed()}, else kept and every
 * node's timeline and log warnings are printed.
 */
final class Testbed implements AutoCloseable {
    static final int SIGNALING_PORT = 3010;
    private static final Path RUNS = Path.of(System.getProperty("testbed.runs", "target/lan-runs"));
    private static volatile String unavailable;
    private static volatile boolean checked;

    final Lan lan;
    final Path runDir;
    final Path dist;
    private final String test;
    final List<Node> nodes = new ArrayList<>();
    private final Set<Integer> hosts = ConcurrentHashMap.newKeySet();
    private final long t0 = System.nanoTime();
    private boolean passed;
    /** Whether a failed test prints every node's timeline (it is always written to diagnosis.txt in the run dir). */
    volatile boolean printDiagnosis = true;

    private Testbed(String test, Lan lan, Path runDir, Path dist) {
        this.test = test;
        this.lan = lan;
        this.runDir = runDir;
        this.dist = dist;
        lan.beforeTeardown(() -> {
            synchronized (nodes) {
                nodes.forEach(Node::forceKill);
            }
        });
    }

    /** Skips (Assumptions) where namespaces cannot be made; otherwise a fresh room for {@code test}. */
    static Testbed open(String test) throws IOException {
        synchronized (Testbed.class) {
            if (!checked) {
                unavailable = Lan.unavailableReason();
                checked = true;
                if (unavailable == null) {
                    Lan.deleteLeftovers();
                }
            }
        }
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Path source = Path.of(System.getProperty("livecontrol.dist", "../cli/target/livecontrol")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(source.resolve("bin/livecontrol")),
                "no livecontrol distribution at " + source + "; build it: mvn -B -q -DskipTests -pl cli -am install");
        Lan lan = Lan.create();
        Path runDir = RUNS.toAbsolutePath().resolve(test + "-" + lan.prefix);
        Files.createDirectories(runDir);
        Path dist = runDir.resolve("dist");
        copyTree(source, dist);
        return new Testbed(test, lan, runDir, dist);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    void log(String fmt, Object... args) {
        String line = String.format("[testbed %s %6.1fs] %s", test, seconds(), String.format(fmt, args));
        System.out.println(line);
        synchronized (this) {
            try {
                Files.writeString(runDir.resolve("testbed.log"), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the console has the line; the file is a convenience for kept runs
            }
        }
    }

    // ---- nodes ----

    /** Creates host {@code host}'s namespace if this room does not have it yet. */
    void host(int host) {
        if (hosts.add(host)) {
            lan.addHost(host);
        }
    }

    Node controller(int host, String name, String... extraArgs) {
        return start(host, name, true, null, null, true, extraArgs);
    }

    Node display(int host, String name, String cls, String... extraArgs) {
        return start(host, name, false, cls, "display-" + name, true, extraArgs);
    }

    /**
     * Starts a node. Paired mode (the default; see {@link Venue}): the device called {@code name} is paired the first
     * time the JVM needs it and keeps its key in this room, so a restart comes back with the same id; {@code openId}
     * is then unused. Open mode ({@code -Dtestbed.security=open}): {@code --open}, and a display gets
     * {@code --id openId} so that a restart keeps its id.
     */
    Node start(int host, String name, boolean controller, String cls, String openId, boolean bindInterface,
            String... extraArgs) {
        host(host);
        List<String> args = new ArrayList<>(List.of(extraArgs));
        if (bindInterface) {
            args.addAll(List.of("--interface", Lan.ip(host)));
        }
        int generation = (int) nodes.stream().filter(n -> n.name.equals(name)).count();
        Path logDir = runDir.resolve(name + (generation == 0 ? "" : "-" + generation));
        Path stateDir = null;
        String id = controller ? null : openId;
        if (Venue.paired()) {
            Venue venue = Venue.get(RUNS);
            Venue.Device device = venue.device(this, name, controller, host);
            stateDir = venue.stateDirFor(runDir.resolve("state"), device);
            id = device.id();
        }
        try {
            Node n = Node.start(name, host, lan.ns(host), dist, logDir, controller, cls, stateDir, id, args);
            synchronized (nodes) {
                nodes.add(n);
            }
            log("started %s", n);
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /**
     * Pairs the device {@code name} now (paired mode; nothing in open mode), so that starting it later is just a start:
     * a scenario that powers devices on together pairs them all first, as an operator does before the service.
     */
    void pairAhead(int host, String name, boolean controller) {
        if (Venue.paired()) {
            Venue.get(RUNS).device(this, name, controller, host);
        }
    }

    /** Node id by name: known before start (paired, or an open display's --id), else from any node's events. */
    String id(Node n) {
        if (n.knownId != null) {
            return n.knownId;
        }
        for (JsonNode e : n.events("leaderChanged")) {
            if (e.path("self").asBoolean() && e.hasNonNull("leader")) {
                return e.path("leader").asText(); // a node that leads announces its own id
            }
        }
        for (Node o : nodes) {
            String id = o.namesToIds().get(n.name);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    List<Node> alive() {
        return nodes.stream().filter(Node::alive).toList();
    }

    // ---- waiting ----

    /**
     * Waits until every given node follows the same leader and exactly one of them says it leads; returns that
     * node. Fails with every node's view if that does not happen within {@code within}.
     */
    Node awaitOneLeader(Collection<Node> among, Duration within) {
        long start = System.nanoTime();
        try {
            await().pollInterval(Duration.ofMillis(100)).atMost(within).until(() -> leaderAgreed(among) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no single agreed leader within " + within + ": " + leaderViews(among), e);
        }
        Node leader = leaderAgreed(among);
        log("leader %s agreed by %d nodes after %.2f s", leader.name, among.size(), (System.nanoTime() - start) / 1e9);
        return leader;
    }

    private Node leaderAgreed(Collection<Node> among) {
        Set<String> views = among.stream().map(n -> String.valueOf(n.leader())).collect(Collectors.toSet());
        List<Node> selfLeaders = among.stream().filter(Node::leadsNow).toList();
        if (views.size() != 1 || views.contains("null") || selfLeaders.size() != 1) {
            return null;
        }
        return Objects.equals(id(selfLeaders.get(0)), views.iterator().next()) ? selfLeaders.get(0) : null;
    }

    String leaderViews(Collection<Node> among) {
        Map<String, String> idToName = new HashMap<>();
        nodes.forEach(n -> {
            String id = id(n);
            if (id != null) {
                idToName.put(id, n.name);
            }
        });
        return among.stream().map(n -> n.name + "→" + idToName.getOrDefault(n.leader(), String.valueOf(n.leader()))
                + (n.leadsNow() ? "(self)" : "")).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Waits until the controller has an open link to each display (any transport); returns the transports. */
    Map<String, String> awaitLinks(Node controller, Collection<Node> displays, Duration within) {
        long start = System.nanoTime();
        try {
            await().pollInterval(Duration.ofMillis(100)).atMost(within).until(() -> displays.stream()
                    .allMatch(d -> id(d) != null && controller.links().containsKey(id(d))));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(controller.name + " has no link to every display within " + within + "; links "
                    + controller.links() + ", wanted " + displays.stream().map(this::id).toList(), e);
        }
        log("%s linked to %d displays after %.2f s: %s", controller.name, displays.size(),
                (System.nanoTime() - start) / 1e9, controller.links().values());
        return controller.links();
    }

    /**
     * Sends one cue and waits for its {@code result} line (the CLI waits up to 15 s per display for each ack).
     * Returns the result.
     */
    JsonNode cue(Node controller, String json) {
        int before = controller.events("result").size();
        controller.command(json);
        try {
            await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(120))
                    .until(() -> controller.events("result").size() > before || !controller.alive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(controller.name + " printed no result for " + json, e);
        }
        assertThat(controller.alive()).as("%s alive after %s", controller.name, json).isTrue();
        return controller.events("result").get(before);
    }

    /**
     * Sends distinct cues from {@code controller} until one is acked by every display in {@code displays} (at most
     * {@code within}); returns the seconds it took. Every result stays in the controller's events, so the exactly-once
     * check covers the cues that failed meanwhile too.
     */
    double cueUntilAllAck(Node controller, List<Node> displays, int firstSlide, Duration within) {
        long t = System.nanoTime();
        int[] slide = {firstSlide};
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).atMost(within).until(() -> {
                JsonNode r = cue(controller, slide(slide[0]++));
                return r.path("acked").asInt() == displays.size() && r.path("sent").asInt() == displays.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(controller.name + "'s cues not acked by all of " + displays.stream().map(n -> n.name)
                    .toList() + " within " + within + "; last result " + controller.last("result").orElse(null)
                    + "; links " + controller.links(), e);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static String slide(int index) {
        return "{\"cmd\":\"slide\",\"index\":" + index + "}";
    }

    static String item(String name) {
        return "{\"cmd\":\"item\",\"name\":\"" + name + "\"}";
    }

    static String black(boolean on) {
        return "{\"cmd\":\"black\",\"on\":" + on + "}";
    }

    static final String SYNC = "{\"cmd\":\"sync\"}";

    // ---- invariants ----

    /** Every result of the cue was acked by all its targets, and it went to {@code expectedTargets} displays. */
    static void assertAllAcked(JsonNode result, int expectedTargets) {
        assertThat(result.path("sent").asInt()).as("targets of %s", result).isEqualTo(expectedTargets);
        assertThat(result.path("acked").asInt()).as("acks of %s", result).isEqualTo(expectedTargets);
        assertThat(result.path("failed")).as("failed targets of %s", result).isEmpty();
    }

    /**
     * Every cue acked by a display was applied there exactly once, checked by message id: each delivery a controller's
     * {@code result} lists (peer, messageId) appears among that display's {@code message} events, from that
     * controller and with the cue's content; no message id appears twice in one display process; and every non-sync
     * message a display applied from a controller is one the controller sent it (an acked delivery, or a result that
     * lists the display as failed — a cue may arrive although its ack did not within 15 s). Sync cues are exempt from
     * the last rule only (the runtime also sends syncs on its own when a link opens).
     *
     * <p>{@code displays} may hold several processes with one id (a display restarted with its key, or with the same
     * {@code --id} in open mode): their events are taken together, and an acked message may then be in two of them (the first applied it and died
     * before its ack got out; the retry went to the second), never twice in one.
     */
    private static long killedGenerations(List<Node> generations) {
        return generations.stream().filter(n -> n.killedOnPurpose).count();
    }

    /**
     * What the exactly-once check found: acked deliveries matched, event lines tolerated as lost to kill -9, and every
     * violation by kind (an acked cue never applied, applied twice, from the wrong sender or with other content, or a
     * cue applied that no result lists for that display).
     */
    record Delivery(int checked, Map<String, Integer> lostToKills, List<String> lost, List<String> twice,
            List<String> wrong, List<String> unexpected) {
        boolean ok() {
            return lost.isEmpty() && twice.isEmpty() && wrong.isEmpty() && unexpected.isEmpty();
        }

        List<String> violations() {
            List<String> all = new ArrayList<>();
            lost.forEach(v -> all.add("lost: " + v));
            twice.forEach(v -> all.add("applied twice: " + v));
            wrong.forEach(v -> all.add("wrong: " + v));
            unexpected.forEach(v -> all.add("unexpected: " + v));
            return all;
        }
    }

    void assertExactlyOnce(Collection<Node> controllers, Collection<Node> displays) {
        Delivery d = exactlyOnce(controllers, displays);
        log("exactly-once: %d acked deliveries matched by message id; event lines lost to kill -9 between ack and print: %s",
                d.checked(), d.lostToKills());
        assertThat(d.violations()).as("exactly-once violations").isEmpty();
        assertThat(d.checked()).as("acked deliveries checked").isPositive();
    }

    /** The exactly-once check of {@link #assertExactlyOnce}, counting instead of failing at the first violation. */
    Delivery exactlyOnce(Collection<Node> controllers, Collection<Node> displays) {
        int checked = 0;
        Map<String, Integer> lostToKills = new LinkedHashMap<>();
        List<String> lost = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, List<Node>> generations = new LinkedHashMap<>();
        for (Node d : displays) {
            String did = id(d);
            assertThat(did).as("id of %s", d.name).isNotNull();
            generations.computeIfAbsent(did, k -> new ArrayList<>()).add(d);
            Map<String, Long> counts = d.events("message").stream()
                    .collect(Collectors.groupingBy(e -> e.path("messageId").asText(), Collectors.counting()));
            counts.entrySet().stream().filter(e -> e.getValue() > 1).forEach(e -> twice.add(
                    "message " + e.getKey() + " applied " + e.getValue() + " times by " + d.name + " (pid " + d.pid() + ")"));
        }
        // a controller restarted with its key (paired mode) has one id in both processes: their results are taken
        // together, as a display's generations are
        Map<String, List<Node>> controllerGenerations = new LinkedHashMap<>();
        for (Node c : controllers) {
            String cid = id(c);
            assertThat(cid).as("id of %s", c.name).isNotNull();
            controllerGenerations.computeIfAbsent(cid, k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Node>> g : generations.entrySet()) {
            String did = g.getKey();
            String dname = g.getValue().get(0).name;
            List<JsonNode> applied = g.getValue().stream().flatMap(d -> d.events("message").stream()).toList();
            Map<String, List<JsonNode>> byId = applied.stream()
                    .collect(Collectors.groupingBy(e -> e.path("messageId").asText()));
            for (List<Node> cg : controllerGenerations.values()) {
                Node c = cg.get(0);
                String cid = id(c);
                Set<String> ackedIds = new java.util.HashSet<>();
                Map<JsonNode, Integer> failedCues = new LinkedHashMap<>();
                for (JsonNode r : cg.stream().flatMap(n -> n.events("result").stream()).toList()) {
                    for (JsonNode del : r.path("deliveries")) {
                        if (!del.path("peer").asText().equals(did)) {
                            continue;
                        }
                        String mid = del.path("messageId").asText();
                        ackedIds.add(mid);
                        List<JsonNode> got = byId.getOrDefault(mid, List.of());
                        if (got.isEmpty() && killedGenerations(g.getValue()) > 0
                                && lostToKills.merge(did, 1, Integer::sum) <= 2 * killedGenerations(g.getValue())) {
                            // A display acks on its node thread and prints the "message" event on its event
                            // thread just after: kill -9 can fall in between. The state was applied (and the
                            // restarted process is checked to end on the controller's state); only the event
                            // line is lost. At most two such cues per kill are tolerated.
                            checked++;
                            continue;
                        }
                        String what = c.name + ": message " + mid + " (" + r.path("message") + ") acked by " + dname
                                + " but applied there " + got.size() + " times";
                        if (got.isEmpty()) {
                            lost.add(what);
                        } else if (got.size() > g.getValue().size()) {
                            twice.add(what);
                        }
                        for (JsonNode m : got) {
                            if (!m.path("from").asText().equals(cid)) {
                                wrong.add("sender of " + mid + " at " + dname + ": " + m.path("from").asText() + ", not " + cid);
                            }
                            if (!withoutRevision(m.path("message")).equals(withoutRevision(r.path("message")))) {
                                wrong.add("content of " + mid + " at " + dname + ": " + m.path("message") + ", sent "
                                        + r.path("message"));
                            }
                        }
                        checked++;
                    }
                    for (JsonNode f : r.path("failed")) {
                        if (f.asText().equals(did)) {
                            failedCues.merge(r.path("message"), 1, Integer::sum);
                        }
                    }
                }
                for (JsonNode m : applied) {
                    if (!m.path("from").asText().equals(cid) || ackedIds.contains(m.path("messageId").asText())
                            || "sync".equals(m.path("message").path("type").asText())) {
                        continue;
                    }
                    Integer left = failedCues.get(m.path("message"));
                    if (left == null || left <= 0) {
                        unexpected.add(dname + " applied " + m + " from " + c.name + ", which no result of " + c.name
                                + " lists for it");
                    } else {
                        failedCues.put(m.path("message"), left - 1);
                    }
                }
            }
        }
        return new Delivery(checked, lostToKills, lost, twice, wrong, unexpected);
    }

    /**
     * A cue without its sync's revision: the runtime stamps a sync's full state with the next revision when it sends
     * it, after the CLI printed the message it was given (so the result line shows the revision before).
     */
    static JsonNode withoutRevision(JsonNode message) {
        JsonNode copy = message.deepCopy();
        if (copy.path("fullState").isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("fullState")).remove("revision");
        }
        return copy;
    }

    /** Waits until every display shows {@code expected} (eventId, itemId, slideIndex, isBlack). */
    void awaitConverged(Collection<Node> displays, JsonNode expected, Duration within) {
        try {
            await().pollInterval(Duration.ofMillis(100)).atMost(within).until(() -> displays.stream()
                    .allMatch(d -> d.state().map(s -> sameState(s, expected)).orElse(false)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("displays did not converge on " + expected + ": " + displays.stream()
                    .map(d -> d.name + "=" + d.state().map(JsonNode::toString).orElse("none")).toList(), e);
        }
        Set<String> revisions = displays.stream().map(d -> d.state().get().path("revision").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(revisions).as("revisions of the displays' final states").hasSize(1);
    }

    static boolean sameState(JsonNode a, JsonNode b) {
        return Stream.of("eventId", "itemId", "slideIndex", "isBlack").allMatch(f -> a.path(f).equals(b.path(f)));
    }

    /**
     * No process crashed: every node not killed on purpose is still running, then stops cleanly (exit 0, or 143 for a
     * display's SIGTERM), and no JVM fatal-error file exists.
     */
    void assertNoCrashAndStop() {
        List<String> problems = new ArrayList<>();
        for (Node n : nodes) {
            if (n.killedOnPurpose) {
                continue;
            }
            if (!n.alive()) {
                problems.add(n.name + " exited on its own with " + n.exitCode().orElse(null));
            }
        }
        for (Node n : nodes) {
            if (!n.killedOnPurpose && n.alive()) {
                int code = n.stop();
                if (code != 0 && code != 143) {
                    problems.add(n.name + " did not stop cleanly: exit " + code);
                }
            }
        }
        try (Stream<Path> s = Files.walk(runDir)) {
            s.filter(p -> p.getFileName().toString().startsWith("hs_err")).forEach(p -> problems.add("JVM crash file " + p));
        } catch (IOException e) {
            problems.add("cannot scan " + runDir + ": " + e);
        }
        assertThat(problems).as("crashes").isEmpty();
    }

    void passed() {
        passed = true;
    }

    /** Memory per live node (MiB RSS). */
    Map<String, Long> memory() {
        Map<String, Long> m = new LinkedHashMap<>();
        alive().forEach(n -> m.put(n.name, n.rssMiB()));
        return m;
    }

    @Override
    public void close() {
        if (!passed) {
            dumpForDiagnosis();
        }
        lan.close();
        if (passed) {
            deleteTree(runDir);
        } else {
            log("FAILED; logs and events kept in %s", runDir);
        }
    }

    private void dumpForDiagnosis() {
        Map<String, String> idToName = new HashMap<>();
        nodes.forEach(n -> {
            String id = id(n);
            if (id != null) {
                idToName.put(id, n.name);
            }
        });
        StringBuilder b = new StringBuilder("[testbed " + test + "] diagnosis; ids: " + idToName + "\n");
        // starvation or a stuck node? the machine's load, each node's CPU time, and every live node's threads
        b.append("  load average (1, 5, 15 min, runnable/total): ").append(loadAverage()).append('\n');
        Map<Node, Process> dumps = threadDumps();
        for (Node n : nodes) {
            b.append("  ").append(n).append(n.alive() ? " alive" : " exit " + n.exitCode().orElse(null))
                    .append(n.killedOnPurpose ? " (killed by the test)" : "").append(n.frozen() ? " (frozen)" : "")
                    .append(n.alive() ? String.format(", %.1f s CPU in %.0f s", n.cpuSeconds(),
                            java.time.Duration.between(n.startedAt, java.time.Instant.now()).toMillis() / 1000.0) : "")
                    .append(dumps.containsKey(n) ? ", threads in " + n.logDir.resolve("threads.txt") : "").append('\n');
            b.append(n.timeline());
            n.stderr.stream().limit(20).forEach(l -> b.append("    stderr: ").append(l).append('\n'));
            Path log = n.logDir.resolve("livecontrol.log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
                        .skip(Math.max(0, lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                                || l.contains("Exception")).count() - 25))
                        .forEach(l -> b.append("    log: ").append(l.length() > 300 ? l.substring(0, 300) : l).append('\n'));
            } catch (IOException | RuntimeException e) {
                b.append("    (log unreadable: ").append(e).append(")\n");
            }
        }
        try {
            Files.writeString(runDir.resolve("diagnosis.txt"), b);
        } catch (IOException e) {
            System.out.println("[testbed] cannot write " + runDir.resolve("diagnosis.txt") + ": " + e);
        }
        if (printDiagnosis) {
            System.out.println(b);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
    }

    /**
     * {@code jcmd <pid> Thread.print} of every live, running node into its {@code threads.txt}, all at once, at most
     * 30 s: tells a deadlocked node (threads blocked on each other) from a starved one (runnable, little CPU time).
     */
    private Map<Node, Process> threadDumps() {
        Map<Node, Process> started = new LinkedHashMap<>();
        for (Node n : List.copyOf(nodes)) {
            if (n.alive() && !n.frozen()) {
                try {
                    started.put(n, new ProcessBuilder("jcmd", Long.toString(n.pid()), "Thread.print")
                            .redirectErrorStream(true).redirectOutput(n.logDir.resolve("threads.txt").toFile()).start());
                } catch (IOException e) {
                    log("no thread dump of %s: %s", n.name, e);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Process p : started.values()) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        return started;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover log directory is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
