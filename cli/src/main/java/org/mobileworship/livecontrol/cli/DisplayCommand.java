package org.mobileworship.livecontrol.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A display host that prints its live state whenever it changes. Runs until interrupted (Ctrl-C). */
@Command(name = "display", mixinStandardHelpOptions = true,
        description = "Run a display that shows the live state as it changes.")
final class DisplayCommand implements Callable<Integer> {

    @Option(names = "--name", defaultValue = "display", description = "name shown to others")
    String name;

    @Option(names = "--class", defaultValue = "audience", description = "audience, stage or lobby")
    String displayClass;

    @Option(names = "--id", description = "fixed peer id, open mode only (keeps identity across restarts; in paired mode the device key does)")
    String id;

    @Mixin
    NodeOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system(options.json);
        DisplayClass cls = DisplayClass.fromWireName(displayClass).orElse(null);
        if (cls == null) {
            console.error("unknown display class '" + displayClass + "'", "use --class audience, stage or lobby");
            return 2;
        }
        if (id != null && !options.open) {
            console.error("--id fixes the peer id, but in paired mode (the default) the id comes from the device key",
                    "drop --id (the key in --state-dir keeps the identity across restarts), or run --open");
            return 2;
        }
        LiveControl node;
        try {
            LiveControl.Builder b = options.apply(LiveControl.builder().role(PeerType.display(cls)).displayName(name), "display", name);
            if (id != null) {
                b.peerId(PeerId.of(id));
            }
            node = b.build();
            PairingHint.show(console, options.effective("display", name), "display", name);
        } catch (LiveControlException | IllegalArgumentException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }, "livecontrol-shutdown"));
        Room room = new Room(node, name, new Names(false));
        node.events().subscribe(e -> {
            console.json(EventJson.of(null, e));
            if (e instanceof LiveControlEvent.StateApplied s) {
                var st = s.state();
                console.line(st.black() ? "■ BLACK  (" + st.itemId() + " slide " + st.slideIndex() + " behind)"
                        : "▶ " + st.itemId() + " — slide " + st.slideIndex());
            } else if (e instanceof LiveControlEvent.Connected c) {
                console.line("connected: " + room.label(c.peer(), Style.PLAIN) + " over " + c.transport());
            } else if (e instanceof LiveControlEvent.Disconnected d) {
                console.line("disconnected: " + room.label(d.peer(), Style.PLAIN) + " (" + d.reason() + ")");
            } else if (e instanceof LiveControlEvent.LeaderChanged l) {
                console.line("leader: " + (l.status().hasLeader() ? room.leaderLine(l.status()) : "electing…"));
                if (l.status().endpoint() != null) {
                    PageLinks.print(console, PageLinks.of(l.status().endpoint(), options.iface));
                }
            }
        });
        try {
            node.start();
        } catch (LiveControlException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            node.close();
            return 1;
        }
        console.line(cls.wireName() + " display " + name + " (" + node.id() + ") waiting for cues; Ctrl-C to stop");
        stop.await();
        return 0;
    }
}
