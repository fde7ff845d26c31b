package org.mobileworship.livecontrol.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * A livecontrol node in its own JVM, so a test can kill it with SIGKILL ({@link Process#destroyForcibly}) like
 * a leader whose power is cut. Args: {@code controller|display NAME SESSION}. Prints {@code id <peerId>}, then
 * {@code leader <port>} once it leads; closes when its stdin ends (the test ended without killing it).
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        PeerType type = args[0].equals("controller") ? PeerType.controller() : PeerType.display(DisplayClass.STAGE);
        try (LiveControl node = LiveControl.builder().role(type).displayName(args[1])
                .config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.transports", "webrtc")
                .config("livecontrol.session", args[2])
                .build()) {
            node.start();
            System.out.println("id " + node.id().value());
            System.out.flush();
            Thread watcher = new Thread(() -> {
                boolean told = false;
                while (!told) {
                    var s = node.leaderStatus();
                    if (s.self() && s.endpoint() != null) {
                        System.out.println("leader " + s.endpoint().getPort());
                        System.out.flush();
                        told = true;
                    }
                    try {
                        Thread.sleep(50); // a child process's own poll loop, not a test wait
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "leader-watcher");
            watcher.setDaemon(true);
            watcher.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // nothing to do: waits for EOF
                }
            }
        }
    }
}
