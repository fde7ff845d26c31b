package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DeliveryException;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerStats;

/**
 * The controller console's commands, for every way of typing them (terminal, pipe, JSON lines): cues with
 * their per-display results, the room's peers, leader and link figures, and the one-line room summary the
 * interactive prompt shows. Text goes through {@link Console#line} (suppressed with {@code --json}); the JSON
 * objects are those {@code --json} has always written.
 *
 * <p>Why one class of this size: it is the command table of the console — each command is a short method with
 * its text and JSON forms side by side, so a change to a command's output is made in one place for every way of
 * typing it; the parsing, line editing and rendering live in {@code InteractiveConsole} and {@code Console}.
 */
final class OperatorCommands {
    static final List<String> COMMANDS =
            List.of("next", "prev", "slide", "item", "black", "sync", "peers", "leader", "stats", "help", "quit");
    /** Commands that send a cue, and so accept a trailing {@code @NAME} or {@code @CLASS} target. */
    static final Set<String> CUES = Set.of("next", "prev", "slide", "item", "black", "sync");
    /** How long a cue's result waits for the slowest display before reporting it as not acked. */
    static final Duration RESULT_WAIT = Duration.ofSeconds(15);

    static final String HELP = String.join("\n",
            "  next | prev        next / previous slide",
            "  slide N            show slide N of the current item",
            "  item NAME          switch to item NAME, slide 0",
            "  black on|off       black the screens out / bring them back",
            "  sync               send the full state to every display",
            "                     (a cue goes to every display; end it with @NAME or @CLASS — audience, stage,",
            "                     lobby — for some: `black on @stage`)",
            "  peers              the room: every peer with its link, RTT and last ack",
            "  leader             who runs signaling",
            "  stats [NAME]       per-display link figures",
            "  help | quit        (Tab completes, ↑ recalls earlier commands, also from earlier runs)");

    private final LiveControl node;
    private final Room room;
    private final String eventId;
    private final Console console;
    private final Names names;
    private final Clock clock;
    private final Runnable onChange;

    // item and slide are changed by the command thread only
    private String item = "item-1";
    private int slide;
    private volatile CueOutcome lastCue;
    private final Map<PeerId, Ack> lastAcks = new ConcurrentHashMap<>();
    private final Set<String> items = ConcurrentHashMap.newKeySet();

    /** A display's latest ack, for the tables. */
    record Ack(Instant at, Delivery delivery) {
    }

    /** What the last cue was and how many of its displays acked it, for the prompt. */
    record CueOutcome(String what, int sent, int acked) {
    }

    /**
     * @param onChange run after every change the prompt shows (a cue's outcome); the interactive console
     *                 redraws its prompt there
     */
    OperatorCommands(LiveControl node, String selfName, String eventId, Console console, Names names, Clock clock,
                     Runnable onChange) {
        this.node = node;
        this.room = new Room(node, selfName, names);
        this.eventId = eventId;
        this.console = console;
        this.names = names;
        this.clock = clock;
        this.onChange = onChange;
        items.add(item);
    }

    private Style style() {
        return console.style();
    }

    /** Runs one command given as words ({@code quit} is the caller's business). */
    void execute(String[] words) {
        try {
            String[] cmd = words;
            String target = null;
            if (CUES.contains(cmd[0]) && cmd.length > 1 && cmd[cmd.length - 1].startsWith("@")) {
                target = cmd[cmd.length - 1].substring(1);
                if (target.isBlank()) {
                    throw new IllegalArgumentException("`@` needs a display name or class after it, e.g. `@stage`");
                }
                cmd = java.util.Arrays.copyOf(cmd, cmd.length - 1);
            }
            switch (cmd[0]) {
                case "next" -> cue(new LiveControlMessage.Slide(eventId, item, ++slide), "slide " + slide, target);
                case "prev" -> {
                    slide = Math.max(0, slide - 1);
                    cue(new LiveControlMessage.Slide(eventId, item, slide), "slide " + slide, target);
                }
                case "slide" -> {
                    String n = arg(cmd, "slide N");
                    try {
                        slide = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("slide needs a number, got '" + n + "' (usage: slide N)");
                    }
                    if (slide < 0) {
                        throw new IllegalArgumentException("slide numbers start at 0, got " + slide);
                    }
                    cue(new LiveControlMessage.Slide(eventId, item, slide), "slide " + slide, target);
                }
                case "item" -> {
                    item = arg(cmd, "item NAME");
                    items.add(item);
                    slide = 0;
                    cue(new LiveControlMessage.Slide(eventId, item, slide), "item " + item, target);
                }
                case "black" -> {
                    String v = arg(cmd, "black on|off");
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new IllegalArgumentException("usage: black on|off" + didYouMean(v, List.of("on", "off")));
                    }
                    cue(new LiveControlMessage.Black(eventId, v.equals("on")), "black " + v, target);
                }
                case "sync" -> cue(new LiveControlMessage.Sync(eventId, node.liveState()), "sync", target);
                case "peers" -> peers();
                case "leader" -> {
                    console.line("  leader: " + leaderLine(node.leaderStatus()));
                    console.json(EventJson.leader(node.leaderStatus()).put("event", "leader"));
                }
                case "stats" -> stats(cmd.length > 1 ? cmd[1] : null);
                case "help" -> console.line(HELP);
                default -> throw new IllegalArgumentException("unknown command '" + cmd[0] + "'"
                        + didYouMean(cmd[0], COMMANDS) + " (type help for the list)");
            }
        } catch (IllegalArgumentException e) {
            console.error(e.getMessage(), null);
        }
    }

    private static String didYouMean(String typed, List<String> options) {
        return Suggestions.closest(typed, options).map(s -> " — did you mean `" + s + "`?").orElse("");
    }

    private static String arg(String[] cmd, String usage) {
        if (cmd.length < 2 || cmd[1].isBlank()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return cmd[1];
    }

    // ---- cues ----

    private Map<PeerId, CompletableFuture<Delivery>> dispatch(LiveControlMessage message, String target) {
        if (target == null) {
            return node.broadcast(message, Audience.displays());
        }
        List<PeerInfo> displays = displays();
        List<PeerInfo> named = displays.stream().filter(p -> names.of(p).equalsIgnoreCase(target)).toList();
        if (named.isEmpty()) {
            Optional<DisplayClass> cls = DisplayClass.fromWireName(target.toLowerCase(Locale.ROOT));
            if (cls.isPresent()) {
                return node.broadcast(message, Audience.displays(cls.get()));
            }
            named = displays.stream().filter(p -> p.id().value().startsWith(target)).toList();
        }
        if (named.isEmpty()) {
            List<String> known = new ArrayList<>(displayNames());
            for (DisplayClass c : DisplayClass.values()) {
                known.add(c.wireName());
            }
            throw new IllegalArgumentException("no display or display class '" + target + "'"
                    + Suggestions.closest(target, known).map(k -> " — did you mean `@" + k + "`?").orElse("")
                    + "; displays: " + (displayNames().isEmpty() ? "none yet" : String.join(", ", displayNames()))
                    + "; classes: audience, stage, lobby");
        }
        Map<PeerId, CompletableFuture<Delivery>> sent = new LinkedHashMap<>();
        named.forEach(p -> sent.put(p.id(), node.send(p.id(), message)));
        return sent;
    }

    private void cue(LiveControlMessage message, String what, String target) {
        Map<PeerId, CompletableFuture<Delivery>> sent = dispatch(message, target);
        String audience = target == null ? "" : " → @" + target;
        Style st = style();
        if (sent.isEmpty()) {
            console.line("  " + st.warn("no displays in the session yet") + ": `" + what + "`" + audience
                    + " reached no one (`peers` shows who is here)");
        }
        int acked = 0;
        ObjectNode result = Console.JSON.createObjectNode().put("event", "result");
        result.set("message", EventJson.message(message));
        var failures = result.putArray("failed");
        var reasons = result.putArray("failures"); // per failed peer: the DeliveryException reason and message
        // wait for every display at once: one dead display must not hold up the others' results
        CompletableFuture.allOf(sent.values().stream()
                .map(f -> f.handle((d, x) -> null)).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, RESULT_WAIT.toSeconds(), TimeUnit.SECONDS).join();
        var deliveries = result.putArray("deliveries");
        Table table = new Table("display", "result", "detail");
        List<String[][]> rows = new ArrayList<>();
        for (var e : sent.entrySet()) {
            CompletableFuture<Delivery> f = e.getValue();
            String who = room.nameOf(e.getKey());
            if (names.verbose()) {
                who += " " + e.getKey().value();
            }
            if (f.isDone() && !f.isCompletedExceptionally()) {
                Delivery d = f.join();
                acked++;
                lastAcks.put(e.getKey(), new Ack(clock.instant(), d));
                String detail = d.transport() + (d.attempts() > 1 ? " (" + d.attempts() + " attempts)" : "");
                String[] plain = {who, Names.millis(d.roundTrip()), detail};
                rows.add(new String[][] {plain, {st.name(who), plain[1], d.transport().equals("webrtc")
                        ? detail : st.warn(detail)}});
                deliveries.addObject().put("peer", e.getKey().value()).put("messageId", d.messageId())
                        .put("transport", d.transport()).put("attempts", d.attempts())
                        .put("rttMs", d.roundTrip().toNanos() / 1e6);
            } else {
                Throwable x = f.isDone() ? f.handle((d, t) -> t).join() : null;
                String why = x != null ? whyFailed(x) : "no ack within " + RESULT_WAIT.toSeconds() + " s";
                reasons.addObject().put("peer", e.getKey().value()).put("reason", deliveryReason(x))
                        .put("message", why);
                String[] plain = {who, "FAILED", why};
                rows.add(new String[][] {plain, {st.name(who), st.bad("FAILED"), why}});
                failures.add(e.getKey().value());
            }
        }
        result.put("acked", acked).put("sent", sent.size());
        if (!sent.isEmpty()) {
            boolean all = acked == sent.size();
            String head = (all ? st.ok("✔ " + what) : st.bad("✘ " + what)) + audience + ": acked by " + acked + " of "
                    + sent.size() + " display" + (sent.size() == 1 ? "" : "s");
            rows.sort(Comparator.comparing(r -> r[0][0]));
            rows.forEach(r -> table.styledRow(r[0], r[1]));
            List<String> lines = new ArrayList<>();
            lines.add("  " + head);
            lines.addAll(table.render("    ", false, st));
            console.line(String.join("\n", lines));
        }
        console.json(result);
        lastCue = new CueOutcome(what + audience, sent.size(), acked);
        onChange.run();
    }

    /** Why a display did not ack, in words, with the failure kind for searching the docs. */
    static String whyFailed(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof DeliveryException)) {
            t = t.getCause();
        }
        if (t instanceof DeliveryException d) {
            String detail = d.getMessage();
            int at = detail.indexOf("to peer " + d.peer() + ": ");
            if (at >= 0) {
                detail = detail.substring(at + ("to peer " + d.peer() + ": ").length());
            }
            return switch (d.reason()) {
                case TIMEOUT -> "no ack before the delivery deadline (livecontrol.delivery.deadline): unreachable?";
                case UNKNOWN_PEER -> "no longer in the session";
                case NOT_ALLOWED -> "cannot take this cue: " + detail;
                case TOO_LARGE -> "the cue is too large for the data channel";
                case REJECTED -> "the display rejected it: " + detail;
                case CLOSED -> "this controller closed before the ack";
            } + " [" + d.reason() + "]";
        }
        return Errors.explain(failure).problem();
    }

    // ---- the room ----

    private List<PeerInfo> displays() {
        return room.displays();
    }

    private List<String> displayNames() {
        return room.displayNames();
    }

    String leaderLine(LeaderStatus s) {
        return room.leaderLine(s);
    }

    private void peers() {
        List<PeerInfo> peers = node.peers();
        if (peers.isEmpty()) {
            console.line("  no peers yet: displays and other controllers of this session appear here as they join");
        }
        LeaderStatus leader = node.leaderStatus();
        Style st = style();
        Instant now = clock.instant();
        Table t = new Table("NAME", "ROLE", "LINK", "RTT", "LAST ACK", "REVISION", "ID");
        peers.stream().sorted(Comparator.comparing((PeerInfo p) -> !p.type().isController())
                .thenComparing(names::of, String.CASE_INSENSITIVE_ORDER)).forEach(p -> {
                    boolean leads = p.id().equals(leader.leaderId());
                    String link = p.type().isDisplay() ? (p.connected() ? p.transport() : "down") : "—";
                    Ack ack = lastAcks.get(p.id());
                    String[] plain = {names.of(p) + (leads ? " ★ leader" : ""), Names.role(p.type()), link,
                            Names.millis(node.stats(p.id()).map(PeerStats::roundTrip).orElse(null)),
                            ack == null ? "—" : Names.ago(Duration.between(ack.at(), now)),
                            ack == null ? "—" : names.revision(ack.delivery().appliedRevision()), names.id(p.id())};
                    t.styledRow(plain, Table.styleEach(plain, (c, v) -> switch (c) {
                        case 0 -> st.name(names.of(p)) + (leads ? st.bold(" ★ leader") : "");
                        case 2 -> v.equals("webrtc") ? st.ok(v) : v.equals("down") ? st.bad(v)
                                : v.equals("—") ? v : st.warn(v);
                        case 6 -> st.dim(v);
                        default -> v;
                    }));
                });
        if (!t.isEmpty()) {
            long all = peers.stream().filter(p -> p.type().isDisplay()).count();
            long linked = peers.stream().filter(p -> p.type().isDisplay() && p.connected()).count();
            List<String> lines = new ArrayList<>(t.render("  ", true, st));
            boolean peerLeads = peers.stream().anyMatch(p -> p.id().equals(leader.leaderId()));
            lines.add("  " + st.dim(peers.size() + " peer" + (peers.size() == 1 ? "" : "s") + " · " + linked + "/"
                    + all + " displays linked · " + (peerLeads ? "★ runs signaling"
                    : leader.self() ? "this controller runs signaling" : "no leader known")));
            console.line(String.join("\n", lines));
        }
        for (PeerInfo p : peers) {
            console.json(EventJson.peer(p).put("event", "peer"));
        }
    }

    private void stats(String only) {
        List<PeerInfo> peers = node.peers();
        if (only != null) {
            List<PeerInfo> match = peers.stream().filter(p -> names.of(p).equalsIgnoreCase(only)
                    || p.id().value().startsWith(only)).toList();
            if (match.isEmpty()) {
                throw new IllegalArgumentException("no peer named '" + only + "'" + didYouMean(only,
                        peers.stream().map(names::of).toList()) + "; `peers` lists them");
            }
            peers = match;
        }
        Style st = style();
        Instant now = clock.instant();
        Table t = new Table("NAME", "LINK", "RTT", "SENT", "RECEIVED", "RETRIES", "ICE PAIR", "LAST ACK", "REVISION");
        for (PeerInfo p : peers) {
            Optional<PeerStats> stats = node.stats(p.id());
            if (stats.isEmpty()) {
                continue;
            }
            PeerStats s = stats.get();
            Ack ack = lastAcks.get(p.id());
            String[] plain = {names.of(p), s.transport() == null ? "down" : s.transport(), Names.millis(s.roundTrip()),
                    Long.toString(s.messagesSent()), Long.toString(s.messagesReceived()), Long.toString(s.retries()),
                    s.candidatePairType() == null ? "—" : s.candidatePairType(),
                    ack == null ? "—" : Names.ago(Duration.between(ack.at(), now)),
                    ack == null ? "—" : names.revision(ack.delivery().appliedRevision())};
            t.styledRow(plain, Table.styleEach(plain, (c, v) -> switch (c) {
                case 0 -> st.name(v);
                case 1 -> v.equals("webrtc") ? st.ok(v) : v.equals("down") ? st.bad(v) : st.warn(v);
                case 5 -> v.equals("0") ? v : st.warn(v);
                default -> v;
            }));
            console.json(Console.JSON.createObjectNode().put("event", "stats").put("peer", p.id().value())
                    .put("transport", s.transport()).put("sent", s.messagesSent())
                    .put("received", s.messagesReceived()).put("retries", s.retries())
                    .put("rttMs", s.roundTrip() == null ? null : s.roundTrip().toNanos() / 1e6));
        }
        if (t.isEmpty()) {
            console.line("  no link figures yet: no display has linked to this controller");
        } else {
            console.line(String.join("\n", t.render("  ", true, st)));
        }
    }

    /** The room in one line: {@code [leader: booth · 3/3 displays · slide 3 · ✔ acked]}. */
    String roomLine() {
        Style st = style();
        List<String> parts = new ArrayList<>();
        LeaderStatus s = node.leaderStatus();
        parts.add(s.hasLeader() ? "leader: " + st.name(room.leaderName(s)) : st.warn("electing…"));
        List<PeerInfo> displays = displays();
        long linked = displays.stream().filter(PeerInfo::connected).count();
        if (displays.isEmpty()) {
            parts.add(st.warn("no displays"));
        } else {
            String d = linked + "/" + displays.size() + " display" + (displays.size() == 1 ? "" : "s");
            parts.add(linked == displays.size() ? st.ok(d) : st.warn(d));
        }
        LiveState state = node.liveState();
        if (!state.itemId().isEmpty()) {
            String shown = (state.itemId().equals("item-1") ? "" : state.itemId() + " ") + "slide " + state.slideIndex();
            parts.add(state.black() ? st.bold("■ black") + " (" + shown + ")" : shown);
        }
        CueOutcome cue = lastCue;
        if (cue != null) {
            if (cue.sent() == 0) {
                parts.add(st.warn("✘ reached no display"));
            } else if (cue.acked() == cue.sent()) {
                parts.add(st.ok("✔ acked"));
            } else {
                parts.add(st.bad("✘ " + cue.acked() + "/" + cue.sent() + " acked"));
            }
        }
        return "[" + String.join(" · ", parts) + "]";
    }

    /** The {@link org.mobileworship.livecontrol.api.DeliveryException.Reason} name of a failed delivery. */
    static String deliveryReason(Throwable x) {
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

    /** The line an event deserves on the console, or null for events that only change the prompt. */
    String describe(LiveControlEvent e) {
        Style st = style();
        if (e instanceof LiveControlEvent.Connected c) {
            return "connected: " + peerLabel(c.peer()) + " over " + c.transport();
        } else if (e instanceof LiveControlEvent.Disconnected d) {
            return st.warn("disconnected: ") + peerLabel(d.peer()) + " (" + d.reason() + ")";
        } else if (e instanceof LiveControlEvent.LeaderChanged l) {
            return "leader: " + (l.status().hasLeader() ? leaderLine(l.status()) : st.warn("electing…"));
        } else if (e instanceof LiveControlEvent.TransportChanged t) {
            return peerLabel(t.peer()) + ": link moved from " + t.from() + " to " + t.to() + " (" + t.reason() + ")";
        }
        return null;
    }

    private String peerLabel(PeerId id) {
        return room.label(id, style());
    }

    /** The words Tab may complete at {@code index} of the command line {@code words}. */
    List<String> completions(List<String> words, int index) {
        if (index == 0) {
            return COMMANDS;
        }
        String cmd = words.get(0);
        String current = index < words.size() ? words.get(index) : "";
        if (CUES.contains(cmd) && current.startsWith("@")) {
            return targets();
        }
        return switch (cmd) {
            case "black" -> index == 1 ? List.of("on", "off") : index == 2 ? targets() : List.of();
            case "item" -> index == 1 ? new ArrayList<>(new TreeSet<>(items)) : index == 2 ? targets() : List.of();
            case "slide" -> index == 2 ? targets() : List.of();
            case "next", "prev", "sync" -> index == 1 ? targets() : List.of();
            case "stats" -> index == 1 ? displayNames() : List.of();
            default -> List.of();
        };
    }

    /** {@code @NAME} for every display and {@code @CLASS} for every display class. */
    private List<String> targets() {
        List<String> t = new ArrayList<>();
        displayNames().forEach(n -> t.add("@" + n));
        for (DisplayClass c : DisplayClass.values()) {
            t.add("@" + c.wireName());
        }
        return t;
    }
}
