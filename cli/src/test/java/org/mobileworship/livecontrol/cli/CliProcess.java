package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One {@code livecontrol} node in its own JVM (the CLI's main class on this test's classpath, as the distribution's
 * launcher runs it), driven through {@code --json}: every stdout line that is JSON is kept as an event; controllers
 * take JSON commands on stdin. Its log goes to {@code <dir>/livecontrol.log}. {@link #close()} kills it (by its PID).
 */
final class CliProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final List<String> args;
    final Path dir;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Process process;
    private final PrintWriter stdin;

    private CliProcess(String name, List<String> args, Path dir, Process process) {
        this.name = name;
        this.args = args;
        this.dir = dir;
        this.process = process;
        this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Thread out = new Thread(this::readStdout, "cli-out-" + name);
        out.setDaemon(true);
        out.start();
    }

    /** Starts {@code LiveControlCli <args>} in a new JVM; {@code dir} gets its log. */
    static CliProcess start(String name, Path dir, List<String> args) throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlivecontrol.log.file=" + dir.resolve("livecontrol.log"), "-Dlivecontrol.state.dir=" + dir,
                "-cp", System.getProperty("java.class.path"), LiveControlCli.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
        return new CliProcess(name, List.copyOf(args), dir, p);
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue; // native-library chatter on stdout
                }
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // a partial line from a native library: not an event
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    void command(String json) {
        stdin.println(json);
        stdin.flush();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    List<JsonNode> events(String type) {
        return events.stream().filter(e -> type.equals(e.path("event").asText())).toList();
    }

    Optional<JsonNode> last(String type) {
        List<JsonNode> l = events(type);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    /** The leader id this node follows now (its latest leaderChanged), or null. */
    String leader() {
        return last("leaderChanged").map(e -> e.path("leader").isNull() ? null : e.path("leader").asText()).orElse(null);
    }

    boolean leadsNow() {
        return alive() && last("leaderChanged").map(e -> e.path("self").asBoolean()).orElse(false);
    }

    /** This node's id, once it has led or once another node's peer list named it. */
    String selfId() {
        for (JsonNode e : events("leaderChanged")) {
            if (e.path("self").asBoolean() && e.hasNonNull("leader")) {
                return e.path("leader").asText();
            }
        }
        return null;
    }

    /** Peer id → transport of the links open now, folded from connected/disconnected/transportChanged. */
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

    /** The log's last lines, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("livecontrol.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** Graceful stop: {@code quit} for a controller, SIGTERM for a display. */
    void stop() {
        if (args.contains("controller")) {
            command("{\"cmd\":\"quit\"}");
        } else {
            process.destroy();
        }
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
