package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

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
    /** Interactive console: every line goes above the prompt through the line reader; null otherwise. */
    private final Consumer<String> screen;
    private final Style style;

    public Console(PrintStream out, PrintStream err, boolean json) {
        this(out, err, json, null, Style.PLAIN);
    }

    private Console(PrintStream out, PrintStream err, boolean json, Consumer<String> screen, Style style) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.screen = screen;
        this.style = style;
    }

    /**
     * The operator console at a terminal: results, events and errors are all printed above the line being
     * typed ({@code screen}, e.g. jline's {@code printAbove}), so nothing garbles it.
     */
    static Console interactive(Consumer<String> screen, Style style) {
        return new Console(null, null, false, screen, style);
    }

    Style style() {
        return style;
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
        java.io.FileOutputStream stream = inherited(property);
        return stream == null ? fallback : new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    /** The caller's stdout descriptor as a raw stream (for the interactive terminal), or null outside the launcher. */
    static java.io.FileOutputStream inheritedOut() {
        return inherited("livecontrol.console.out.fd");
    }

    private static java.io.FileOutputStream inherited(String property) {
        String fd = System.getProperty(property);
        if (fd == null) {
            return null;
        }
        try {
            java.io.FileDescriptor descriptor = new java.io.FileDescriptor();
            java.lang.reflect.Field field = java.io.FileDescriptor.class.getDeclaredField("fd");
            field.setAccessible(true);
            field.setInt(descriptor, Integer.parseInt(fd));
            return new java.io.FileOutputStream(descriptor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    public boolean json() {
        return json;
    }

    /** A line for people; suppressed in JSON mode. */
    public void line(String text) {
        if (screen != null) {
            screen.accept(text);
        } else if (!json) {
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
        if (screen != null) {
            screen.accept(style.bad("livecontrol: " + problem) + (fix == null || fix.isBlank() ? "" : "\n  fix: " + fix));
            return;
        }
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
