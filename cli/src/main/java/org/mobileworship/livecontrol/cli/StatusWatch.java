package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerStats;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * {@code livecontrol status --watch}: the room for the booth's second screen, redrawn in place at a terminal
 * (a new block per refresh elsewhere, one JSON object per refresh with {@code --json}).
 *
 * <p>Link and RTT exist only between a controller and a display, so the watcher joins the session as a
 * controller that sends nothing: no cues and no sync on connect ({@code livecontrol.sync-on-connect=false});
 * the links and round trips shown are its own to each display, over the same network as the operator's.
 */
final class StatusWatch {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final NodeOptions options;
    private final Duration interval;
    private final int count;
    private final Names names;
    private final Console console;
    private final PrintStream screen;
    private final boolean terminal;
    private final CountDownLatch stop = new CountDownLatch(1);

    StatusWatch(NodeOptions options, Duration interval, int count, Names names, Console console, PrintStream screen,
                boolean terminal) {
        this.options = options;
        this.interval = interval;
        this.count = count;
        this.names = names;
        this.console = console;
        this.screen = screen;
        this.terminal = terminal && !options.json;
    }

    /** Ends {@link #run} after the frame being drawn (Ctrl-C does the same through a shutdown hook). */
    void stop() {
        stop.countDown();
    }

    int run() throws InterruptedException {
        String selfName = "status watcher";
        LiveControl node;
        try {
            node = options.apply(LiveControl.builder().role(PeerType.controller()).displayName(selfName), "status", selfName)
                    .config("livecontrol.sync-on-connect", "false").build();
            node.start();
        } catch (LiveControlException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
        Thread hook = new Thread(() -> {
            stop.countDown();
            node.close();
        }, "livecontrol-status-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Room room = new Room(node, selfName, names);
        Style style = Style.forOutput(terminal, System.getenv());
        if (terminal) {
            screen.print("\033[2J"); // start on a clear screen; each refresh then draws over the last
        }
        try {
            for (int i = 0; count == 0 || i < count; i++) {
                show(node, room, style);
                if (stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            return 0;
        } finally {
            node.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private void show(LiveControl node, Room room, Style st) {
        LeaderStatus leader = node.leaderStatus();
        List<PeerInfo> peers = new ArrayList<>(node.peers());
        peers.sort(Comparator.comparing((PeerInfo p) -> !p.type().isController())
                .thenComparing(names::of, String.CASE_INSENSITIVE_ORDER));
        if (options.json) {
            ObjectNode out = Console.JSON.createObjectNode().put("event", "status")
                    .put("ts", Clock.systemUTC().instant().toString());
            out.setAll(EventJson.leader(leader));
            var arr = out.putArray("peers");
            for (PeerInfo p : peers) {
                Duration rtt = node.stats(p.id()).map(PeerStats::roundTrip).orElse(null);
                arr.add(EventJson.peer(p).put("leader", p.id().equals(leader.leaderId()))
                        .put("rttMs", rtt == null ? null : rtt.toNanos() / 1e6));
            }
            console.json(out);
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(st.bold("livecontrol status") + " — session " + (options.session == null ? "(default)" : options.session)
                + " · " + LocalTime.now().format(TIME) + " · every " + Names.seconds(interval)
                + (terminal ? " · Ctrl-C to stop" : ""));
        lines.add("");
        lines.add("leader: " + (leader.hasLeader() ? room.leaderLine(leader) : st.warn("none yet: an election is running")));
        lines.add("");
        if (peers.isEmpty()) {
            lines.add("  no peers yet: displays and controllers of this session appear here as they join");
        } else {
            Table t = new Table("NAME", "ROLE", "LINK", "RTT", "ID");
            for (PeerInfo p : peers) {
                boolean leads = p.id().equals(leader.leaderId());
                String link = p.type().isDisplay() ? (p.connected() ? p.transport() : "down") : "—";
                String[] plain = {names.of(p) + (leads ? " ★ leader" : ""), Names.role(p.type()), link,
                        Names.millis(node.stats(p.id()).map(PeerStats::roundTrip).orElse(null)), names.id(p.id())};
                t.styledRow(plain, Table.styleEach(plain, (c, v) -> switch (c) {
                    case 0 -> st.name(names.of(p)) + (leads ? st.bold(" ★ leader") : "");
                    case 2 -> v.equals("webrtc") ? st.ok(v) : v.equals("down") ? st.bad(v) : v.equals("—") ? v : st.warn(v);
                    case 4 -> st.dim(v);
                    default -> v;
                }));
            }
            lines.addAll(t.render("  ", true, st));
            long displays = peers.stream().filter(p -> p.type().isDisplay()).count();
            long linked = peers.stream().filter(p -> p.type().isDisplay() && p.connected()).count();
            lines.add("");
            lines.add(st.dim(peers.size() + " peer" + (peers.size() == 1 ? "" : "s") + " · " + linked + "/" + displays
                    + " displays linked · link and RTT as measured from this watcher"));
        }
        if (terminal) {
            // home, draw over the previous frame line by line (erasing each line's rest), erase below: no flicker
            StringBuilder frame = new StringBuilder("\033[H");
            lines.forEach(l -> frame.append(l).append("\033[K\n"));
            frame.append("\033[J");
            synchronized (screen) {
                screen.print(frame);
                screen.flush();
            }
        } else {
            console.line(String.join("\n", lines) + "\n");
        }
    }
}
