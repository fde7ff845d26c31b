package org.mobileworship.livecontrol.cli;

import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

/**
 * Colors for people at a terminal, and none anywhere else: off for pipes, files, dumb terminals and whenever
 * {@code NO_COLOR} is set to anything non-empty (no-color.org). Every method returns its text unchanged when
 * colors are off, so callers never branch on it.
 */
final class Style {
    static final Style PLAIN = new Style(false);

    private final boolean color;

    private Style(boolean color) {
        this.color = color;
    }

    /** Colors when {@code terminal} can show them and the environment does not forbid them. */
    static Style forTerminal(Terminal terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return PLAIN;
        }
        if (terminal == null || Terminal.TYPE_DUMB.equals(terminal.getType())
                || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            return PLAIN;
        }
        Integer colors = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        return colors != null && colors >= 8 ? new Style(true) : PLAIN;
    }

    /** Colors for plain output to stdout: only when it is a terminal that is not dumb, and without NO_COLOR. */
    static Style forOutput(boolean terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        String term = env.get("TERM");
        if (!terminal || (noColor != null && !noColor.isEmpty()) || term == null || term.isBlank()
                || term.startsWith(Terminal.TYPE_DUMB)) {
            return PLAIN;
        }
        return new Style(true);
    }

    boolean colored() {
        return color;
    }

    String bold(String s) {
        return sgr("1", s);
    }

    String dim(String s) {
        return sgr("2", s);
    }

    /** Healthy: acked, linked. */
    String ok(String s) {
        return sgr("32", s);
    }

    /** Failed, down. */
    String bad(String s) {
        return sgr("31", s);
    }

    /** Degraded: partly linked, relayed, electing. */
    String warn(String s) {
        return sgr("33", s);
    }

    /** Names of peers. */
    String name(String s) {
        return sgr("36", s);
    }

    private String sgr(String code, String s) {
        return color && !s.isEmpty() ? "\033[" + code + "m" + s + "\033[0m" : s;
    }

    /** {@code s} without ANSI escape sequences (for measuring and for tests). */
    static String strip(String s) {
        return s.replaceAll("\033\\[[0-9;?]*[A-Za-z]", "");
    }
}
