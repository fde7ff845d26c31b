package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI talks to people: progress and results on stdout (or JSON lines with {@code --json}), errors
 * on the original stderr. The launcher sends the JVM's own stderr (native chatter) to the log file and passes
 * the terminal's stderr as {@code livecontrol.console.err}.
 */
public final class Console {
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    public Console(PrintStream out, PrintStream err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** The process console: stdout, and the terminal's stderr as handed over by the launcher. */
    public static Console system(boolean json) {
        return new Console(System.out, terminalErr(), json);
    }

    static PrintStream terminalErr() {
        return terminal("livecontrol.console.err.fd", System.err);
    }

    /** The caller's stdout as handed over by the launcher, else {@code System.out}. */
    static PrintStream terminalOut() {
        return terminal("livecontrol.console.out.fd", System.out);
    }

    /**
     * A stream on an inherited file descriptor (the launcher's 3 or 4). It writes through the same open file
     * as the shell's descriptor, so output redirected to a file keeps its order with what the shell writes
     * before and after. Needs {@code --add-opens java.base/java.io=ALL-UNNAMED} (the launcher passes it);
     * anywhere else it falls back to the standard stream.
     */
    private static PrintStream terminal(String property, PrintStream fallback) {
        String fd = System.getProperty(property);
        if (fd == null) {
            return fallback;
        }
        try {
            java.io.FileDescriptor descriptor = new java.io.FileDescriptor();
            java.lang.reflect.Field field = java.io.FileDescriptor.class.getDeclaredField("fd");
            field.setAccessible(true);
            field.setInt(descriptor, Integer.parseInt(fd));
            return new PrintStream(new java.io.FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return fallback;
        }
    }

    public boolean json() {
        return json;
    }

    /** A line for people; suppressed in JSON mode. */
    public void line(String text) {
        if (!json) {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }

    /** A JSON object on its own line; only in JSON mode. */
    public void json(ObjectNode node) {
        if (json) {
            synchronized (out) {
                out.println(node.toString());
                out.flush();
            }
        }
    }

    /** One-line error with its fix, never a stack trace. */
    public void error(String problem, String fix) {
        String text = "livecontrol: " + problem + (fix == null || fix.isBlank() ? "" : "\n  fix: " + fix);
        err.println(text);
        err.flush();
        if (json) {
            ObjectNode n = JSON.createObjectNode().put("event", "error").put("message", problem);
            if (fix != null) {
                n.put("fix", fix);
            }
            json(n);
        }
    }

    public PrintStream out() {
        return out;
    }
}
