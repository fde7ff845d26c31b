package org.mobileworship.livecontrol.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Debian chromium driven by {@code web/browser-tests/driver.mjs} (playwright-core) over a JSON line
 * protocol on the child's stdin/stdout. One driver per test class; {@link #close} quits the browser and
 * destroys the process (and its children) by handle.
 */
public final class BrowserDriver implements AutoCloseable {
    /** web/browser-tests, from the web module (tests) or the repository's root or a sibling module (bench). */
    static final Path DIR = java.util.stream.Stream.of("browser-tests", "web/browser-tests", "../web/browser-tests")
            .map(d -> Path.of(d).toAbsolutePath().normalize()).filter(d -> Files.isRegularFile(d.resolve("driver.mjs")))
            .findFirst().orElse(Path.of("browser-tests").toAbsolutePath());
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LIVECONTROL_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();

    /** Why the browser tests cannot run here, or null when they can. */
    public static String missingPrerequisite() {
        if (!Files.isExecutable(CHROMIUM)) {
            return CHROMIUM + " is missing: run scripts/ensure-browser-deps (apt-get install chromium)";
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            return "playwright-core is not installed in " + DIR + ": run scripts/ensure-browser-deps (npm ci)";
        }
        return null;
    }

    public BrowserDriver() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node", "driver.mjs").directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("LIVECONTROL_CHROMIUM", CHROMIUM.toString());
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "browser-driver-replies");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("the chromium driver did not start: " + e, e);
        }
    }

    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode reply;
                try {
                    reply = JSON.readTree(line);
                } catch (IOException e) {
                    System.err.println("[driver] " + line);
                    continue;
                }
                long id = reply.path("id").asLong(-1);
                if (id == 0) {
                    ready.complete(reply);
                    continue;
                }
                CompletableFuture<JsonNode> f = waiting.remove(id);
                if (f != null) {
                    f.complete(reply);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        IllegalStateException gone = new IllegalStateException("the chromium driver exited");
        ready.completeExceptionally(gone);
        waiting.values().forEach(f -> f.completeExceptionally(gone));
    }

    /** Sends one command and returns its value; throws with the driver's error text when it failed. */
    JsonNode call(ObjectNode command, long timeoutSeconds) {
        long id = ids.incrementAndGet();
        command.put("id", id);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiting.put(id, f);
        try {
            synchronized (stdin) {
                stdin.write(command.toString());
                stdin.write('\n');
                stdin.flush();
            }
            JsonNode reply = f.get(timeoutSeconds, TimeUnit.SECONDS);
            if (!reply.path("ok").asBoolean()) {
                throw new IllegalStateException("browser command " + command.path("cmd").asText() + " failed: "
                        + reply.path("error").asText());
            }
            return reply.path("value");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            waiting.remove(id);
            throw new IllegalStateException("browser command " + command + " failed: " + e, e);
        }
    }

    private ObjectNode cmd(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    public String version() {
        return call(cmd("version"), 10).asText();
    }

    public void open(String page, String url, int width, int height) {
        call(cmd("open").put("page", page).put("url", url).put("width", width).put("height", height), 40);
    }

    /** Opens a page whose context runs {@code initScript} before the page's own scripts. */
    public void open(String page, String url, int width, int height, String initScript) {
        call(cmd("open").put("page", page).put("url", url).put("width", width).put("height", height)
                .put("initScript", initScript), 40);
    }

    public JsonNode eval(String page, String js) {
        return call(cmd("eval").put("page", page).put("js", js), 20);
    }

    public void click(String page, String selector) {
        call(cmd("click").put("page", page).put("selector", selector), 20);
    }

    public void fill(String page, String selector, String value) {
        call(cmd("fill").put("page", page).put("selector", selector).put("value", value), 20);
    }

    public void screenshot(String page, Path path) throws IOException {
        Files.createDirectories(path.getParent());
        call(cmd("screenshot").put("page", page).put("path", path.toAbsolutePath().toString()), 30);
    }

    public void closePage(String page) {
        call(cmd("closePage").put("page", page), 20);
    }

    @Override
    public void close() {
        java.util.List<ProcessHandle> children = process.descendants().toList(); // chromium's processes
        if (process.isAlive()) {
            try {
                call(cmd("quit"), 15);
            } catch (RuntimeException e) {
                // destroyed below
            }
        }
        process.destroyForcibly();
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
