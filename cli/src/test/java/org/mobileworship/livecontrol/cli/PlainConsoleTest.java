package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The controller without a terminal: commands from a pipe, one per line, with no prompt, no line editing and
 * no escape codes; with {@code --json}, JSON commands in and nothing but JSON objects out.
 */
class PlainConsoleTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run controller(String stdin, String... extra) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] args = new String[9 + extra.length];
            System.arraycopy(new String[] {"controller", "--name", "pipe", "--interface", "127.0.0.1", "--port", "0",
                    "--session=plain-" + UUID.randomUUID().toString().substring(0, 8), "--open"}, 0, args, 0, 9);
            System.arraycopy(extra, 0, args, 9, extra.length);
            exit = LiveControlCli.run(args);
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fromAPipeCommandsRunLineByLineInPlainText() {
        Run r = controller("peers\nslide 1\nblck on\nquit\n");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("controller pipe (")
                .contains("  no peers yet: displays and other controllers of this session appear here as they join")
                .contains("  no displays in the session yet: `slide 1` reached no one")
                .doesNotContain("\033[").doesNotContain("›");
        assertThat(r.err()).contains("livecontrol: unknown command 'blck' — did you mean `black`?");
    }

    @Test
    void withJsonOnlyJsonComesOutAndTheShapesAreTheScriptsContract() throws Exception {
        Run r = controller("{\"cmd\":\"peers\"}\n{\"cmd\":\"slide\",\"index\":1}\n{\"cmd\":\"blck\"}\n{\"cmd\":\"quit\"}\n",
                "--json");
        assertThat(r.exit()).isZero();
        JsonNode result = null;
        JsonNode error = null;
        for (String line : r.out().split("\n")) {
            JsonNode n = Console.JSON.readTree(line); // throws on anything that is not JSON
            if (n.path("event").asText().equals("result")) {
                result = n;
            } else if (n.path("event").asText().equals("error")) {
                error = n;
            }
        }
        assertThat(result).as("result in:\n%s", r.out()).isNotNull();
        assertThat(result.toString()).isEqualTo("{\"event\":\"result\",\"message\":{\"type\":\"slide\",\"eventId\":\"live\","
                + "\"itemId\":\"item-1\",\"slideIndex\":1},\"failed\":[],\"failures\":[],\"deliveries\":[],\"acked\":0,\"sent\":0}");
        assertThat(error).isNotNull();
        assertThat(error.path("message").asText()).startsWith("unknown command 'blck'");
    }
}
