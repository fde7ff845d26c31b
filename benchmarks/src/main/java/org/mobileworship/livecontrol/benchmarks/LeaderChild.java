package org.mobileworship.livecontrol.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * The display that leads in the power-loss failover figure, in its own JVM so the benchmark can freeze it with
 * {@code SIGSTOP}: the kernel keeps its sockets (TCP connections stay established, connects to its ports still
 * complete) but nothing answers — what a room sees when a device loses power, unlike a graceful close or a
 * crash that resets connections. Full real stack (mDNS on 127.0.0.1, Bully election, Jetty, WebRTC, relay),
 * built by {@link Nodes#fullStack} with the same settings as the in-process nodes.
 *
 * <p>Arguments: session, then {@code key=value} config entries (the failover profile). Prints
 * {@code READY <peer id>} once started; {@code quit} on stdin closes it.
 */
public final class LeaderChild {
    private LeaderChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LeaderChild <session> [key=value ...]");
            System.exit(2);
        }
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("LeaderChild: config entry '" + args[i] + "' is not key=value");
                System.exit(2);
            }
            config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (Nodes nodes = new Nodes(args[0], config)) {
            LiveControl d = nodes.fullStack(PeerType.display(DisplayClass.STAGE), "display-leader", null);
            d.start();
            System.out.println("READY " + d.id().value());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                // the parent only ever sends quit (or freezes / kills this JVM)
            }
        }
        System.exit(0);
    }
}
