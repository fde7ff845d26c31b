package org.mobileworship.livecontrol.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The devices of the testbed's venue, paired as an operator pairs them (docs/security.md), so that every node runs in
 * the product's default paired mode.
 *
 * <p>The venue's founding controller is the operator's pairing laptop: host {@link #PAIRING_HOST} of the room that
 * first needs a device. For each device name, the first time any room starts it, {@code livecontrol pair} opens a
 * window there (code and address read from its {@code --json} output) and the new device runs {@code livecontrol pair
 * --code … --controller 198.18.0.250:3011} in its own host namespace: the real distribution, J-PAKE over the
 * testbed's bridge. The device's key and trust list stay in a venue directory for the JVM's life (pairing is the
 * slow part: two JVM starts per device), so later rooms reuse it.
 *
 * <p>A room gets copies ({@link #stateDirFor}): the device's key, and the founder's newest trust list, which holds every
 * device paired so far; the copy is kept for the room's whole life, so a node restarted in it comes back with the same
 * key and hence the same id, as a restarted real device does.
 */
final class Venue {
    /** The operator's pairing laptop: a host no scenario uses for a node. */
    static final int PAIRING_HOST = 250;
    static final int PAIRING_PORT = 3011;
    private static final String TRUST_LIST = "trust-list.json";

    /** Whether nodes run paired (the product's default) or {@code --open} ({@code -Dtestbed.security=open}). */
    static boolean paired() {
        return !"open".equals(System.getProperty("testbed.security", "paired"));
    }

    private static Venue instance;

    private final Path root;
    private final Path founder;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    /** A paired device: its state directory in the venue, its id ({@code k-…}, from its key) and role. */
    record Device(String name, boolean controller, Path stateDir, String id) {
    }

    private Venue(Path root) throws IOException {
        this.root = root;
        this.founder = root.resolve("operator");
        Files.createDirectories(root);
    }

    static synchronized Venue get(Path runs) {
        if (instance == null) {
            try {
                instance = new Venue(runs.toAbsolutePath().resolve("venue-" + ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot make the venue directory under " + runs, e);
            }
        }
        return instance;
    }

    /**
     * The device called {@code name}, paired through {@code tb}'s LAN the first time it is asked for. A name keeps its
     * role: asking for it with the other role fails (a scenario bug, not something to paper over).
     */
    synchronized Device device(Testbed tb, String name, boolean controller, int host) {
        Device d = devices.get(name);
        if (d == null) {
            d = pair(tb, name, controller, host);
            devices.put(name, d);
        }
        if (d.controller() != controller) {
            throw new IllegalArgumentException(name + " was paired as a " + (d.controller() ? "controller" : "display")
                    + "; a scenario cannot start it as the other role");
        }
        return d;
    }

    /**
     * A copy of the device's state directory for one room (made once per room and name, so restarts keep the key),
     * with the founder's newest trust list: every device of the venue, as after an operator paired them all before
     * the service.
     */
    synchronized Path stateDirFor(Path roomStateRoot, Device d) {
        Path dir = roomStateRoot.resolve(d.name());
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try (var files = Files.list(d.stateDir())) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Files.copy(p, dir.resolve(p.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Files.copy(founder.resolve(TRUST_LIST), dir.resolve(TRUST_LIST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + d.name() + "'s state directory into " + dir, e);
        }
    }

    private Device pair(Testbed tb, String name, boolean controller, int host) {
        long t0 = System.nanoTime();
        tb.host(PAIRING_HOST);
        tb.host(host);
        Path device = root.resolve(name);
        Path launcher = tb.dist.resolve("bin/livecontrol");
        String role = controller ? "controller" : "display";
        Process window = null;
        try {
            window = command(tb, PAIRING_HOST, List.of(launcher.toString(), "pair", "--state-dir", founder.toString(),
                    "--role", role, "--name", name, "--controller-name", "operator", "--interface",
                    Lan.ip(PAIRING_HOST), "--pair-port", Integer.toString(PAIRING_PORT), "--minutes", "1", "--json"));
            BufferedReader out = new BufferedReader(new InputStreamReader(window.getInputStream(), StandardCharsets.UTF_8));
            JsonNode opened = firstEvent(out, "pairing-window", window);
            Process join = command(tb, host, List.of(launcher.toString(), "pair", "--state-dir", device.toString(),
                    "--code", opened.path("code").asText(), "--controller", opened.path("controller").asText(), "--json"));
            String joined = new String(join.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!join.waitFor(60, TimeUnit.SECONDS) || join.exitValue() != 0) {
                join.destroyForcibly();
                throw new IllegalStateException("pairing " + name + " failed on the device's side: " + joined
                        + new String(join.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            JsonNode paired = firstEvent(out, "paired", window);
            if (!window.waitFor(30, TimeUnit.SECONDS) || window.exitValue() != 0) {
                throw new IllegalStateException("the pairing window for " + name + " did not end cleanly");
            }
            String id = paired.path("peerId").asText(null);
            if (id == null || !id.startsWith("k-")) {
                throw new IllegalStateException("the pairing window reported no key-bound id for " + name + ": " + paired);
            }
            tb.log("paired %s as %s (%s) through h%d in %d ms", name, role, id.substring(0, 12),
                    PAIRING_HOST, (System.nanoTime() - t0) / 1_000_000);
            return new Device(name, controller, device, id);
        } catch (IOException e) {
            throw new IllegalStateException("cannot pair " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pairing " + name, e);
        } finally {
            if (window != null && window.isAlive()) {
                window.destroyForcibly();
            }
        }
    }

    private static Process command(Testbed tb, int host, List<String> launcherArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", tb.lan.ns(host)));
        cmd.addAll(launcherArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LIVECONTROL_LOG_DIR", tb.runDir.resolve("pairing").toString());
        pb.environment().put("LIVECONTROL_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.redirectError(ProcessBuilder.Redirect.appendTo(tb.runDir.resolve("pairing.err").toFile()));
        return pb.start();
    }

    /** Reads JSON lines until an event of {@code type}; an {@code error} event or the end of output fails. */
    private static JsonNode firstEvent(BufferedReader out, String type, Process p) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            JsonNode n;
            try {
                n = Node.JSON.readTree(line);
            } catch (IOException notJson) {
                continue;
            }
            if (type.equals(n.path("event").asText())) {
                return n;
            }
            if ("error".equals(n.path("event").asText())) {
                throw new IllegalStateException("livecontrol pair: " + n);
            }
        }
        throw new IllegalStateException("livecontrol pair ended (exit " + (p.isAlive() ? "?" : p.exitValue())
                + ") before printing " + type);
    }
}
