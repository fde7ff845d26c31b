package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An operator console: cues typed (or sent as JSON lines) are broadcast to every display with acks. At a
 * terminal it is interactive (line editing, history, completion, a prompt with the room's state); from a pipe
 * it reads plain lines, and with {@code --json} JSON commands, writing one JSON event per line.
 */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run a controller with an interactive console (next, prev, slide N, item NAME, black on|off, sync, peers, leader, stats, help, quit).")
final class ControllerCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "controller", description = "name shown to others")
    String name;

    @Option(names = "--event", defaultValue = "live", description = "event id carried by cues")
    String eventId;

    @Option(names = "--verbose", description = "full peer ids instead of their first 8 characters")
    boolean verbose;

    @Mixin
    NodeOptions options;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        Terminal terminal = options.json ? null : Terminals.forConsole(env);
        if (terminal != null) {
            try (InteractiveConsole interactive = new InteractiveConsole(terminal,
                    Terminals.stateDir(env).resolve("controller.history"), env)) {
                return run(interactive);
            }
        }
        return runPlain(Console.system(options.json));
    }

    /** At a terminal: jline reads, the prompt shows the room. */
    int run(InteractiveConsole interactive) {
        Console console = interactive.console();
        try (LiveControl node = options.apply(LiveControl.builder().role(PeerType.controller()).displayName(name), "controller", name).build()) {
            PairingHint.show(console, options.effective("controller", name), "controller", name);
            OperatorCommands commands = new OperatorCommands(node, name, eventId, console, new Names(verbose),
                    Clock.systemUTC(), interactive::refreshPrompt);
            interactive.attach(commands);
            node.events().subscribe(e -> {
                interactive.print(() -> commands.describe(e));
                if (e instanceof LiveControlEvent.LeaderChanged l && l.status().endpoint() != null) {
                    interactive.print(() -> PageLinks.text(PageLinks.of(l.status().endpoint(), options.iface)));
                }
                interactive.refreshPrompt();
            });
            node.start();
            console.line("controller " + console.style().name(name) + " (" + new Names(verbose).id(node.id())
                    + ") started" + (options.session == null ? "" : " in session " + options.session)
                    + "; type help for commands, Tab completes, ↑ recalls");
            interactive.loop(cmd -> {
                if (cmd[0].equals("quit") || cmd[0].equals("exit")) {
                    return false;
                }
                commands.execute(cmd);
                return true;
            });
            return 0;
        } catch (LiveControlException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
    }

    /** From a pipe or with {@code --json}: one command per line, no prompt, no colors. */
    int runPlain(Console console) {
        try (LiveControl node = options.apply(LiveControl.builder().role(PeerType.controller()).displayName(name), "controller", name).build()) {
            PairingHint.show(console, options.effective("controller", name), "controller", name);
            OperatorCommands commands = new OperatorCommands(node, name, eventId, console, new Names(verbose),
                    Clock.systemUTC(), () -> { });
            node.events().subscribe(e -> {
                console.json(EventJson.of(null, e));
                String text = commands.describe(e);
                if (text != null) {
                    console.line(text);
                }
                if (e instanceof LiveControlEvent.LeaderChanged l && l.status().endpoint() != null) {
                    PageLinks.print(console, PageLinks.of(l.status().endpoint(), options.iface));
                }
            });
            node.start();
            console.line("controller " + name + " (" + node.id() + ") started; type help for commands");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                line = line.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cmd = options.json ? fromJson(line, console) : line.split("\\s+");
                if (cmd == null) {
                    continue;
                }
                if (cmd[0].equals("quit") || cmd[0].equals("exit")) {
                    break;
                }
                commands.execute(cmd);
            }
            return 0;
        } catch (LiveControlException | IOException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
    }

    /** JSON commands: {"cmd":"slide","index":3}, {"cmd":"black","on":true}, {"cmd":"item","name":"x"}. */
    static String[] fromJson(String line, Console console) {
        try {
            JsonNode n = Console.JSON.readTree(line);
            String cmd = n.path("cmd").asText("");
            return switch (cmd) {
                case "slide" -> new String[] {"slide", n.path("index").asText("")};
                case "black" -> new String[] {"black", n.path("on").asBoolean() ? "on" : "off"};
                case "item" -> new String[] {"item", n.path("name").asText("")};
                default -> new String[] {cmd};
            };
        } catch (IOException e) {
            console.json(Console.JSON.createObjectNode().put("event", "error").put("message",
                    "not a JSON command: " + e.getMessage()));
            return null;
        }
    }
}
