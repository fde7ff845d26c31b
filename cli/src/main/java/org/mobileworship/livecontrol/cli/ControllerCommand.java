package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** An operator console: cues typed (or sent as JSON lines) are broadcast to every display with acks. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run a controller with an interactive console (next, prev, slide N, black on|off, sync, peers, leader, stats, help, quit).")
final class ControllerCommand implements Callable<Integer> {
    static final String HELP = String.join("\n",
            "  next | prev        next / previous slide",
            "  slide N            show slide N of the current item",
            "  item NAME          switch to item NAME, slide 0",
            "  black on|off       black the screens out / bring them back",
            "  sync               send the full state to every display",
            "  peers              list the session's peers",
            "  leader             who runs signaling",
            "  stats              per-display link figures",
            "  help | quit");

    @Option(names = "--name", defaultValue = "controller", description = "name shown to others")
    String name;

    @Option(names = "--event", defaultValue = "live", description = "event id carried by cues")
    String eventId;

    @Mixin
    NodeOptions options;

    private String item = "item-1";
    private int slide;

    @Override
    public Integer call() {
        Console console = Console.system(options.json);
        try (LiveControl node = options.apply(LiveControl.builder().role(PeerType.controller()).displayName(name)).build()) {
            node.events().subscribe(e -> {
                console.json(EventJson.of(null, e));
                if (e instanceof LiveControlEvent.Connected c) {
                    console.line("connected: " + c.peer() + " over " + c.transport());
                } else if (e instanceof LiveControlEvent.Disconnected d) {
                    console.line("disconnected: " + d.peer() + " (" + d.reason() + ")");
                } else if (e instanceof LiveControlEvent.LeaderChanged l) {
                    console.line("leader: " + l.status().leader().map(PeerId::value).orElse("electing…"));
                if (l.status().endpoint() != null) {
                    PageLinks.print(console, PageLinks.of(l.status().endpoint(), options.iface));
                }
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
                execute(node, cmd, console);
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

    void execute(LiveControl node, String[] cmd, Console console) {
        try {
            switch (cmd[0]) {
                case "next" -> cue(node, new LiveControlMessage.Slide(eventId, item, ++slide), console);
                case "prev" -> cue(node, new LiveControlMessage.Slide(eventId, item, slide = Math.max(0, slide - 1)), console);
                case "slide" -> {
                    slide = Integer.parseInt(arg(cmd, "slide N"));
                    cue(node, new LiveControlMessage.Slide(eventId, item, slide), console);
                }
                case "item" -> {
                    item = arg(cmd, "item NAME");
                    slide = 0;
                    cue(node, new LiveControlMessage.Slide(eventId, item, slide), console);
                }
                case "black" -> {
                    String v = arg(cmd, "black on|off");
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new IllegalArgumentException("usage: black on|off");
                    }
                    cue(node, new LiveControlMessage.Black(eventId, v.equals("on")), console);
                }
                case "sync" -> cue(node, new LiveControlMessage.Sync(eventId, node.liveState()), console);
                case "peers" -> {
                    for (PeerInfo p : node.peers()) {
                        console.line(String.format("  %-20s %-18s %-10s %s", p.displayName(), p.type(),
                                p.connected() ? p.transport() : "down", p.id()));
                        console.json(EventJson.peer(p).put("event", "peer"));
                    }
                }
                case "leader" -> {
                    console.line("  " + node.leaderStatus());
                    console.json(EventJson.leader(node.leaderStatus()).put("event", "leader"));
                }
                case "stats" -> node.peers().forEach(p -> node.stats(p.id()).ifPresent(s -> {
                    console.line("  " + p.displayName() + ": " + s);
                    console.json(Console.JSON.createObjectNode().put("event", "stats").put("peer", p.id().value())
                            .put("transport", s.transport()).put("sent", s.messagesSent())
                            .put("received", s.messagesReceived()).put("retries", s.retries())
                            .put("rttMs", s.roundTrip() == null ? null : s.roundTrip().toNanos() / 1e6));
                }));
                case "help" -> console.line(HELP);
                default -> throw new IllegalArgumentException("unknown command '" + cmd[0] + "'; type help");
            }
        } catch (IllegalArgumentException e) {
            console.error(e.getMessage(), null);
        }
    }

    private static String deliveryReason(Throwable x) {
        Throwable c = x;
        while (c != null && !(c instanceof org.mobileworship.livecontrol.api.DeliveryException) && c.getCause() != null
                && c.getCause() != c) {
            c = c.getCause();
        }
        if (c instanceof org.mobileworship.livecontrol.api.DeliveryException d) {
            return d.reason().name();
        }
        return x == null ? "TIMEOUT" : "ERROR";
    }

    private static String arg(String[] cmd, String usage) {
        if (cmd.length < 2 || cmd[1].isBlank()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return cmd[1];
    }

    private static void cue(LiveControl node, LiveControlMessage message, Console console) {
        Map<PeerId, CompletableFuture<Delivery>> sent = node.broadcast(message, Audience.displays());
        if (sent.isEmpty()) {
            console.line("  no displays in the session yet");
        }
        int acked = 0;
        ObjectNode result = Console.JSON.createObjectNode().put("event", "result");
        result.set("message", EventJson.message(message));
        var failures = result.putArray("failed");
        var reasons = result.putArray("failures");
        // wait for every display at once: one dead display must not hold up the others' results
        CompletableFuture.allOf(sent.values().stream()
                .map(f -> f.handle((d, x) -> null)).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 15, TimeUnit.SECONDS).join();
        var deliveries = result.putArray("deliveries");
        for (var e : sent.entrySet()) {
            CompletableFuture<Delivery> f = e.getValue();
            if (f.isDone() && !f.isCompletedExceptionally()) {
                Delivery d = f.join();
                acked++;
                console.line(String.format("  %s: acked in %.2f ms over %s", e.getKey(), d.roundTrip().toNanos() / 1e6,
                        d.transport()));
                deliveries.addObject().put("peer", e.getKey().value()).put("messageId", d.messageId())
                        .put("transport", d.transport()).put("attempts", d.attempts())
                        .put("rttMs", d.roundTrip().toNanos() / 1e6);
            } else {
                Throwable x = f.isDone() ? f.handle((d, t) -> t).join() : null;
                String why = x != null ? Errors.explain(x).problem() : "no ack within 15 s";
                console.line("  " + e.getKey() + ": FAILED " + why);
                failures.add(e.getKey().value());
                // why, per peer: the DeliveryException reason (TIMEOUT, REJECTED, ...) and its message
                reasons.addObject().put("peer", e.getKey().value())
                        .put("reason", deliveryReason(x))
                        .put("message", why);
            }
        }
        result.put("acked", acked).put("sent", sent.size());
        console.json(result);
    }
}
