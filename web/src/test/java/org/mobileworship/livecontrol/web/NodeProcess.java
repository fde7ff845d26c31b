package org.mobileworship.livecontrol.web;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * A node in a JVM of its own, so a test can kill it with SIGKILL ({@link Process#destroyForcibly()}) the way a
 * crash or a pulled plug ends a device: no goodbye, no close frames from the application. The child prints
 * {@code id <peerId>}, then {@code leading <port>} once it leads; it closes when its stdin ends.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final PeerId id;

    private NodeProcess(Process process) throws Exception {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "node-process-reader");
        reader.setDaemon(true);
        reader.start();
        this.id = PeerId.of(expect("id ", Duration.ofSeconds(60)));
    }

    /** Starts a display node in a child JVM in {@code session}, with the loopback settings of {@link LoopbackNodes}. */
    static NodeProcess display(String session, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NodeProcess.class.getName(), session, name)
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target", "node-process-" + name + ".log")
                        .toFile()))
                .start();
        return new NodeProcess(p);
    }

    /** Waits until the child leads; the port it serves signaling on. */
    int awaitLeading() throws Exception {
        return Integer.parseInt(expect("leading ", Duration.ofSeconds(60)));
    }

    private String expect(String prefix, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
            if (line == null && !process.isAlive()) {
                throw new IllegalStateException("the child node exited with " + process.exitValue()
                        + " before printing '" + prefix + "' (see target/node-process-*.log)");
            }
        }
        throw new IllegalStateException("the child node did not print '" + prefix + "' within " + within);
    }

    /** SIGKILL: the node ends without closing anything itself. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Lets the child close its node (stdin ends), and kills it if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the pipe is gone already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    public static void main(String[] args) throws Exception {
        String session = args[0];
        String name = args[1];
        try (LoopbackNodes nodes = LoopbackNodes.inSession(session)) {
            LiveControl n = nodes.node(PeerType.display(DisplayClass.STAGE), name);
            System.out.println("id " + n.id());
            await().atMost(Duration.ofSeconds(60)).until(() -> n.leaderStatus().self()
                    && n.leaderStatus().endpoint() != null);
            System.out.println("leading " + n.leaderStatus().endpoint().getPort());
            // until the parent closes stdin (or kills this JVM)
            while (System.in.read() >= 0) {
                // ignore input
            }
        }
    }
}
