package org.mobileworship.livecontrol.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * A terminal for tests: keys go in through a pipe (as a keyboard would, escape sequences included), and
 * everything the console writes is played into jline's VT100 emulator, whose screen is then what an
 * operator would see — cursor moves, line redraws and colors applied, not just the bytes written.
 */
final class TestScreen implements AutoCloseable {
    final int width;
    final int height;
    private final ScreenTerminal screen;
    private final PipedOutputStream keys = new PipedOutputStream();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final Terminal terminal;
    private final OutputStream sink;

    TestScreen(int width, int height) throws IOException {
        this(width, height, true);
    }

    /** @param withTerminal false: no jline terminal; feed a program's output to {@link #sink()} instead */
    TestScreen(int width, int height, boolean withTerminal) throws IOException {
        this.width = width;
        this.height = height;
        this.screen = new ScreenTerminal(width, height);
        OutputStream out = new OutputStream() {
            private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
            private ByteBuffer pending = ByteBuffer.allocate(0);

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                synchronized (raw) {
                    raw.write(b, off, len);
                }
                ByteBuffer bytes = ByteBuffer.allocate(pending.remaining() + len);
                bytes.put(pending).put(b, off, len).flip();
                CharBuffer chars = CharBuffer.allocate(bytes.remaining());
                decoder.decode(bytes, chars, false); // an incomplete UTF-8 sequence waits for the next write
                pending = bytes.slice();
                screen.write(chars.flip());
            }
        };
        this.sink = out;
        if (withTerminal) {
            PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
            this.terminal = new ExternalTerminal("test", "xterm-256color", in, out, StandardCharsets.UTF_8);
            terminal.setSize(new Size(width, height));
        } else {
            this.terminal = null;
        }
    }

    /** Where a program's terminal output goes to be shown on this screen. */
    OutputStream sink() {
        return sink;
    }

    Terminal terminal() {
        return terminal;
    }

    /** Types {@code text}: "\r" is Enter, "\t" Tab, "\033OA" the up arrow. */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** The screen as text, one line per row, trailing blanks removed. */
    String text() {
        StringBuilder sb = new StringBuilder();
        String shown;
        synchronized (screen) { // ScreenTerminal's writes hold its monitor; toString does not take it
            shown = screen.toString();
        }
        for (String line : shown.split("\n", -1)) {
            sb.append(line.replace('\0', ' ').stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The last non-blank row: where the prompt and the line being typed are. */
    String lastLine() {
        String[] lines = text().split("\n");
        return lines[lines.length - 1];
    }

    /** Every byte written, escape sequences included (for checking colors). */
    String raw() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        keys.close();
        if (terminal != null) {
            terminal.close();
        }
    }
}
