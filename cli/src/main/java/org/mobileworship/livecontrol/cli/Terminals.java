package org.mobileworship.livecontrol.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.PosixSysTerminal;
import org.jline.terminal.impl.exec.ExecPty;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;

/**
 * The terminal the operator console runs on, when there is one.
 *
 * <p>The launcher sends the JVM's own stdout and stderr to the log file (native chatter) and hands the
 * caller's stdout over as descriptor 4; it says whether stdin and that stdout are a terminal
 * ({@code -Dlivecontrol.console.tty}). jline's system terminals write to descriptor 1 or 2, so here the
 * terminal is assembled from jline's own parts: its exec-based pty (which drives the tty with {@code stty}
 * through the inherited stdin) whose output is descriptor 4. Started any other way (tests, {@code java -cp}),
 * jline's ordinary system terminal is used when stdin and stdout are a terminal.
 */
final class Terminals {
    private Terminals() {
    }

    /** The operator's terminal, or null when stdin or stdout is not one (pipes, files, dumb terminals). */
    static Terminal forConsole(Map<String, String> env) {
        String term = env.get("TERM");
        if (term == null || term.isBlank() || term.equals(Terminal.TYPE_DUMB)) {
            return null;
        }
        String launcher = System.getProperty("livecontrol.console.tty");
        try {
            if (launcher != null) {
                OutputStream out = Console.inheritedOut();
                if (!launcher.equals("true") || out == null) {
                    return null;
                }
                ExecTerminalProvider provider = new ExecTerminalProvider();
                // `tty` with our stdin: the device the operator types on
                String device = ((ExecPty) ExecPty.current(provider, SystemStream.Output)).getName();
                ExecPty pty = new ExecPty(provider, SystemStream.Output, device) {
                    @Override
                    public OutputStream getSlaveOutput() {
                        return new FilterOutputStream(out) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                out.write(b, off, len);
                            }

                            @Override
                            public void close() throws IOException {
                                // descriptor 4 is also System.out: closing the terminal must not close it
                                flush();
                            }
                        };
                    }
                };
                return new PosixSysTerminal("livecontrol", term, pty, StandardCharsets.UTF_8, true,
                        Terminal.SignalHandler.SIG_DFL);
            }
            if (System.console() == null) {
                return null;
            }
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).encoding(StandardCharsets.UTF_8).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            return t;
        } catch (IOException | RuntimeException e) {
            // no usable terminal: the console reads plain lines, as it does from a pipe
            org.slf4j.LoggerFactory.getLogger(Terminals.class).info("no interactive terminal: {}", e.toString());
            return null;
        }
    }

    /** Whether what the CLI prints reaches a terminal (rather than a pipe or a file). */
    static boolean stdoutIsTerminal() {
        String launcher = System.getProperty("livecontrol.console.tty.out");
        if (launcher != null) {
            return launcher.equals("true");
        }
        return System.console() != null;
    }

    /**
     * Where livecontrol keeps per-user state (the console history, next to the log): the launcher's
     * {@code livecontrol.state.dir}, else {@code $LIVECONTROL_LOG_DIR}, {@code $XDG_STATE_HOME/livecontrol},
     * {@code ~/.local/state/livecontrol}.
     */
    static Path stateDir(Map<String, String> env) {
        String dir = System.getProperty("livecontrol.state.dir");
        if (dir == null || dir.isBlank()) {
            dir = env.get("LIVECONTROL_LOG_DIR");
        }
        if (dir == null || dir.isBlank()) {
            String xdg = env.get("XDG_STATE_HOME");
            return (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".local", "state")
                    : Path.of(xdg)).resolve("livecontrol");
        }
        return Path.of(dir);
    }
}
