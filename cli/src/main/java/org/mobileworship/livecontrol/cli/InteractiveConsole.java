package org.mobileworship.livecontrol.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * The controller console at a terminal (jline): line editing, history kept across runs, Tab completion, and
 * a prompt showing the room in one line that is redrawn as events arrive. Everything printed while the
 * operator types goes above the line being typed, which stays intact.
 */
final class InteractiveConsole implements AutoCloseable {
    /** Widget that re-reads the room line into the prompt and redraws it (runs under the reader's lock). */
    private static final String REFRESH_PROMPT = "livecontrol-refresh-prompt";

    private final Terminal terminal;
    private final LineReader reader;
    private final Console console;
    private volatile OperatorCommands commands;

    /**
     * @param history file the history is loaded from and appended to after every command (created with its
     *                directory when missing)
     */
    InteractiveConsole(Terminal terminal, Path history, Map<String, String> env) {
        this.terminal = terminal;
        try {
            Files.createDirectories(history.toAbsolutePath().getParent());
        } catch (IOException e) {
            // history then lives in memory only; jline reports nothing worse than that
        }
        Style style = Style.forTerminal(terminal, env);
        LineReaderBuilder builder = LineReaderBuilder.builder();
        if (!style.colored()) {
            // jline colors its completion lists by default; NO_COLOR and colorless terminals get none of it
            for (String v : new String[] {LineReader.COMPLETION_STYLE_STARTING, LineReader.COMPLETION_STYLE_DESCRIPTION,
                    LineReader.COMPLETION_STYLE_GROUP, LineReader.COMPLETION_STYLE_BACKGROUND,
                    LineReader.COMPLETION_STYLE_LIST_STARTING, LineReader.COMPLETION_STYLE_LIST_DESCRIPTION,
                    LineReader.COMPLETION_STYLE_LIST_GROUP, LineReader.COMPLETION_STYLE_LIST_BACKGROUND}) {
                builder.variable(v, "");
            }
        }
        this.reader = builder
                .terminal(terminal)
                .appName("livecontrol")
                .parser(new DefaultParser())
                .completer(this::complete)
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .build();
        bindCursorKeysInBothModes(reader);
        // readLine's first act, under the reader's lock once it counts as reading: the prompt is computed here
        // rather than by the caller, so an event landing between the two cannot leave a stale prompt behind
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            ((LineReaderImpl) reader).setPrompt(prompt());
            return true;
        });
        reader.getWidgets().put(REFRESH_PROMPT, () -> {
            // the prompt is only settable on the implementation; LineReaderBuilder always builds one
            ((LineReaderImpl) reader).setPrompt(prompt());
            reader.callWidget(LineReader.REDISPLAY);
            return true;
        });
        this.console = Console.interactive(reader::printAbove, style);
    }

    /**
     * jline binds the arrow keys as terminfo describes them in keypad-transmit mode ({@code ESC O A} on
     * xterm), which it switches on while reading. Keys typed ahead while the node starts, and terminals that
     * ignore that mode, send the normal-mode sequences ({@code ESC [ A}): bind those too.
     */
    private static void bindCursorKeysInBothModes(LineReader reader) {
        var keys = reader.getKeyMaps().get(LineReader.EMACS);
        String[][] bindings = {
            {"\033[A", LineReader.UP_LINE_OR_HISTORY}, {"\033OA", LineReader.UP_LINE_OR_HISTORY},
            {"\033[B", LineReader.DOWN_LINE_OR_HISTORY}, {"\033OB", LineReader.DOWN_LINE_OR_HISTORY},
            {"\033[C", LineReader.FORWARD_CHAR}, {"\033OC", LineReader.FORWARD_CHAR},
            {"\033[D", LineReader.BACKWARD_CHAR}, {"\033OD", LineReader.BACKWARD_CHAR},
            {"\033[H", LineReader.BEGINNING_OF_LINE}, {"\033OH", LineReader.BEGINNING_OF_LINE},
            {"\033[F", LineReader.END_OF_LINE}, {"\033OF", LineReader.END_OF_LINE},
        };
        for (String[] b : bindings) {
            keys.bind(new org.jline.reader.Reference(b[1]), b[0]);
        }
    }

    Console console() {
        return console;
    }

    /** The commands the console runs; set once the node they drive exists. */
    void attach(OperatorCommands commands) {
        this.commands = commands;
    }

    /** Redraws the prompt with the room's current state, keeping what the operator is typing. */
    void refreshPrompt() {
        try {
            if (reader.isReading()) {
                reader.callWidget(REFRESH_PROMPT);
            }
        } catch (IllegalStateException e) {
            // readLine returned meanwhile; the next one starts with a fresh prompt
        }
    }

    private String prompt() {
        OperatorCommands c = commands;
        String room = c == null ? "[starting…]" : c.roomLine();
        // % starts a jline prompt escape; the room line is literal text
        return room.replace("%", "%%") + " › ";
    }

    private void complete(LineReader r, ParsedLine line, java.util.List<Candidate> candidates) {
        OperatorCommands c = commands;
        if (c == null) {
            return;
        }
        for (String word : c.completions(line.words(), line.wordIndex())) {
            candidates.add(new Candidate(word, word, null, null, null, null, true));
        }
    }

    /**
     * Reads commands until {@code quit}, Ctrl-D or the end of input, handing each to {@code run}. Ctrl-C
     * clears the line being typed, as in a shell.
     *
     * @param run runs one command's words; returns false to stop
     */
    void loop(Function<String[], Boolean> run) {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                if (e.getPartialLine() == null || e.getPartialLine().isBlank()) {
                    console.line(console.style().dim("(type quit or press Ctrl-D to leave)"));
                }
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            java.util.List<String> words = reader.getParsedLine() == null ? java.util.List.of()
                    : reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (!run.apply(words.toArray(String[]::new))) {
                return;
            }
        }
    }

    /** Prints a line above the prompt (events arrive on the node's thread). */
    void print(Supplier<String> text) {
        String t = text.get();
        if (t != null) {
            console.line(t);
        }
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // the history was appended after every command already
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // the terminal's attributes are restored by jline's shutdown hook as well
        }
    }
}
