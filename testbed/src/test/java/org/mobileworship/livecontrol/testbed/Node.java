package org.mobileworship.livecontrol.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code livecontrol} process inside a host namespace, driven through {@code --json}: every stdout line is parsed
 * and kept (and written to {@code events.jsonl} in its log directory); controllers take JSON commands on stdin.
 */
final class Node {
    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final int host;
    final boolean controller;
    final String displayClass;
    /**
     * The node's id when known before it starts: a paired device's key-bound id ({@code k-…}), or the {@code --id} an
     * open-mode display is given; null for an open-mode controller (its id is random, learnt from its events).
     */
    final String knownId;
    final Path logDir;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final Instant startedAt = Instant.now();
    private final Process process;
    private final PrintWriter stdin;
    private final Writer eventLog;
    volatile boolean killedOnPurpose;
    private volatile boolean frozen;

    private Node(String name, int host, boolean controller, String displayClass, String knownId, Path logDir,
            Process process) throws IOException {
        this.name = name;
        this.host = host;
        this.controller = controller;
        this.displayClass = displayClass;
        this.knownId = knownId;
        this.logDir = logDir;
        this.process = process;
        OutputStream os = process.getOutputStream();
        this.stdin = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), true);
        this.eventLog = Files.newBufferedWriter(logDir.resolve("events.jsonl"), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readStdout, "testbed-out-" + name);
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readStderr, "testbed-err-" + name);
        err.setDaemon(true);
        err.start();
    }

    /**
     * Starts {@code livecontrol <args>} in the namespace; the PID we hold is the JVM's (ip netns exec and the launcher
     * exec). {@code stateDir} non-null: paired mode, the device's key and trust list there (its id is {@code id});
     * null: {@code --open}, and a display gets {@code --id id} when {@code id} is given.
     */
    static Node start(String name, int host, String ns, Path dist, Path logDir, boolean controller, String displayClass,
            Path stateDir, String id, List<String> extraArgs) throws IOException {
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, dist.resolve("bin/livecontrol").toString()));
        cmd.add(controller ? "controller" : "display");
        cmd.addAll(List.of("--name", name, "--json"));
        if (stateDir != null) {
            cmd.addAll(List.of("--state-dir", stateDir.toString()));
        } else {
            cmd.add("--open");
        }
        if (!controller) {
            cmd.addAll(List.of("--class", displayClass));
            if (stateDir == null && id != null) {
                cmd.addAll(List.of("--id", id));
            }
        }
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LIVECONTROL_LOG_DIR", logDir.toString());
        pb.environment().put("LIVECONTROL_JAVA_OPTS", System.getProperty("testbed.java-opts",
                "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ErrorFile=" + logDir + "/hs_err_%p.log"));
        return new Node(name, host, controller, displayClass, id, logDir, pb.start());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (eventLog) {
                    eventLog.write(line);
                    eventLog.write('\n');
                    eventLog.flush();
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && n.isObject()) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_rx", System.nanoTime());
                        events.add(n);
                    }
                } catch (IOException notJson) {
                    stderr.add("non-JSON stdout: " + line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stderr.add(line);
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /** Sends one JSON command line (controllers only). */
    void command(String json) {
        stdin.println(json);
        stdin.flush();
    }

    /**
     * SIGSTOP: the JVM freezes with its sockets open, as a laptop whose lid closed (the kernel still answers TCP
     * handshakes and buffers data; nothing is read or sent by the process). {@link #thaw} resumes it.
     */
    void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze}: the process wakes with every timer overdue, as after a sleep. */
    void thaw() {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    boolean frozen() {
        return frozen;
    }

    private void signal(String sig) {
        if (process.isAlive()) {
            Lan.Result r = Lan.run("kill", "-" + sig, Long.toString(process.pid()));
            if (r.code() != 0 && process.isAlive()) {
                throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed: " + r.output());
            }
        }
    }

    void kill9() {
        killedOnPurpose = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful stop: quit for controllers, SIGTERM for displays. Returns the exit code, or -1 if it had to be killed. */
    int stop() {
        thaw();
        if (!process.isAlive()) {
            return process.exitValue();
        }
        if (controller) {
            command("{\"cmd\":\"quit\"}");
        } else {
            process.destroy();
        }
        try {
            if (process.waitFor(20, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            process.destroy();
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    void forceKill() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Resident memory in MiB from /proc, or -1. */
    /** CPU time (user + system) the node's JVM has had so far, from /proc; -1 if unknown. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    // ---- views of the event stream ----

    List<JsonNode> events(String type) {
        return events.stream().filter(e -> type.equals(e.path("event").asText())).toList();
    }

    List<JsonNode> events(Predicate<JsonNode> p) {
        return events.stream().filter(p).toList();
    }

    Optional<JsonNode> last(String type) {
        List<JsonNode> l = events(type);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    /** The leader this node currently follows (its latest leaderChanged), or null. */
    String leader() {
        return last("leaderChanged").map(e -> e.path("leader").isNull() ? null : e.path("leader").asText()).orElse(null);
    }

    boolean leadsNow() {
        return last("leaderChanged").map(e -> e.path("self").asBoolean()).orElse(false);
    }

    /** Peer id → transport of the links currently open, folded from connected/disconnected/transportChanged. */
    Map<String, String> links() {
        Map<String, String> open = new LinkedHashMap<>();
        for (JsonNode e : events) {
            switch (e.path("event").asText()) {
                case "connected" -> open.put(e.path("peer").asText(), e.path("transport").asText());
                case "disconnected" -> open.remove(e.path("peer").asText());
                case "transportChanged" -> open.computeIfPresent(e.path("peer").asText(), (k, v) -> e.path("to").asText());
                default -> {
                }
            }
        }
        return open;
    }

    /** Latest applied state (displays). */
    Optional<JsonNode> state() {
        return last("state").map(e -> e.path("state"));
    }

    /** name → id of every peer this node has seen in a peer list. */
    Map<String, String> namesToIds() {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode e : events("peerListChanged")) {
            for (JsonNode p : e.path("peers")) {
                m.put(p.path("name").asText(), p.path("id").asText());
            }
        }
        return m;
    }

    String timeline() {
        StringBuilder b = new StringBuilder();
        for (JsonNode e : events) {
            JsonNode copy = e.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("_rx");
            String s = copy.toString();
            b.append("    ").append(s.length() > 400 ? s.substring(0, 400) + "…" : s).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name + "@h" + host + "(pid " + pid() + ")";
    }
}
