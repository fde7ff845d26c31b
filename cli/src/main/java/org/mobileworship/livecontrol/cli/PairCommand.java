package org.mobileworship.livecontrol.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.security.pairing.PairingClient;
import org.mobileworship.livecontrol.security.pairing.PairingException;
import org.mobileworship.livecontrol.security.pairing.PairingWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pairing (docs/security.md). On a paired controller (or the room's first one): opens a pairing window, shows the
 * code and a QR code, waits until a device paired, the attempts are used up or the window expired. On the new
 * device: {@code --code} with {@code --controller}, or {@code --url} (the QR code's text).
 */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = {"Pair a device into the room (paired mode: --paired on every node).",
                "On a controller: livecontrol pair --state-dir DIR [--role display] [--name 'Stage TV']",
                "On the new device: livecontrol pair --state-dir DIR --code 1234-5678 --controller HOST:3011",
                "                or: livecontrol pair --state-dir DIR --url 'http://HOST:3010/pair#token=…&endpoint=HOST:3011'",
                "A browser pairs by opening the QR code's URL (its /pair page)."})
final class PairCommand implements Callable<Integer> {

    @Option(names = "--state-dir", required = true, paramLabel = "DIR",
            description = "this device's state directory (its key and the room's trust list), as given to its node")
    Path stateDir;

    @Option(names = "--role", defaultValue = "display", description = "controller side: role to grant, display or controller")
    String role;

    @Option(names = "--name", description = "controller side: the new device's name (default: its role)")
    String name;

    @Option(names = "--controller-name", defaultValue = "controller",
            description = "controller side: this controller's name, if it founds the room's trust list")
    String controllerName;

    @Option(names = "--interface", paramLabel = "IP", description = "controller side: address to serve the pairing window on (default: every interface)")
    String iface;

    @Option(names = "--pair-port", defaultValue = "" + RoomPairing.DEFAULT_PORT, paramLabel = "PORT",
            description = "controller side: port of the pairing window (default 3011; 0 picks one)")
    int pairPort;

    @Option(names = "--pages", paramLabel = "HOST:PORT",
            description = "controller side: the node whose /pair page the QR code opens in a browser; the browser's"
                    + " display or remote then lives on that node's pages (default: this host, port 3010)")
    String pages;

    @Option(names = "--minutes", defaultValue = "3", description = "controller side: how long the window stays open")
    int minutes;

    @Option(names = "--code", description = "new device: the code the controller shows")
    String code;

    @Option(names = "--controller", paramLabel = "HOST:PORT", description = "new device: the controller's pairing address it shows")
    String controller;

    @Option(names = "--url", description = "new device: the QR code's text (carries the controller's address and a one-time token)")
    String url;

    @Option(names = "--json", description = "one JSON event per line on stdout")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system(json);
        try {
            return code != null || url != null ? join(console) : open(console);
        } catch (LiveControlException | IllegalArgumentException | IllegalStateException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
    }

    private int join(Console console) {
        URI endpoint;
        String token = null;
        if (url != null) {
            RoomPairing.PairingUrl parsed;
            try {
                parsed = RoomPairing.PairingUrl.parse(url);
            } catch (IllegalArgumentException e) {
                console.error(e.getMessage(), "use the text of the pairing QR code that `livecontrol pair` shows");
                return 2;
            }
            endpoint = parsed.endpoint();
            token = parsed.token();
        } else {
            if (controller == null) {
                console.error("--code needs --controller HOST:PORT", "use the address the controller's"
                        + " `livecontrol pair` shows next to the code");
                return 2;
            }
            endpoint = URI.create("http://" + (controller.contains(":") ? controller
                    : controller + ":" + RoomPairing.DEFAULT_PORT) + "/pair");
        }
        try {
            PairingClient.Result r = RoomPairing.join(stateDir, endpoint, code, token);
            console.json(Console.JSON.createObjectNode().put("event", "paired").put("role", r.granted().role())
                    .put("name", r.granted().name()));
            console.line("paired as " + r.granted().role() + " '" + r.granted().name() + "'; start this device with"
                    + " --state-dir " + stateDir + " --paired");
            return 0;
        } catch (PairingException e) {
            console.json(Console.JSON.createObjectNode().put("event", "pairing-failed")
                    .put("reason", e.reason().name().toLowerCase()).put("message", e.getMessage()));
            console.error(e.getMessage(), switch (e.reason()) {
                case REJECTED -> "check the code and try again (each try costs one of the window's attempts)";
                default -> "open a new pairing window on the controller (livecontrol pair)";
            });
            return 1;
        }
    }

    private int open(Console console) throws InterruptedException {
        if (!role.equals("display") && !role.equals("controller")) {
            console.error("unknown role '" + role + "'", "use --role display or --role controller");
            return 2;
        }
        InetSocketAddress bind = iface != null ? new InetSocketAddress(iface, pairPort)
                : new InetSocketAddress(pairPort);
        String host = iface != null ? iface : PageLinks.lanAddress();
        if (host == null) {
            host = InetAddress.getLoopbackAddress().getHostAddress();
        }
        try (RoomPairing.Opened opened = RoomPairing.open(stateDir, controllerName, role, name != null ? name : role,
                Duration.ofMinutes(minutes), bind)) {
            PairingWindow w = opened.window();
            String address = host + ":" + opened.endpoint().address().getPort();
            String qrUrl = opened.qrUrl(host, pages != null ? pages : host + ":" + RoomPairing.DEFAULT_PAGES_PORT);
            console.json(Console.JSON.createObjectNode().put("event", "pairing-window").put("code", w.code())
                    .put("controller", address).put("url", qrUrl).put("role", w.role()).put("name", w.name())
                    .put("expires", w.expiresAt().toString()));
            console.line("pairing a " + w.role() + " named '" + w.name() + "' until " + w.expiresAt()
                    + " (" + PairingWindow.DEFAULT_ATTEMPTS + " attempts)\n"
                    + "  code:   " + w.code() + "\n"
                    + "  on a new node (browsers use the QR code): livecontrol pair --state-dir DIR --code " + w.code() + " --controller "
                    + address + "\n"
                    + "  or scan (a browser pairs on that page; a Java device: livecontrol pair --url '<it>'): "
                    + qrUrl + "\n" + PageLinks.qr(qrUrl));
            // the window ends by itself: paired, or locked after its last attempt, or at its expiry
            try {
                opened.endpoint().done().get(Math.max(1, Duration.between(java.time.Instant.now(), w.expiresAt()).toMillis()),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException expired) {
                // read the state below: expired
            }
            var paired = w.paired();
            if (paired.isPresent()) {
                console.json(Console.JSON.createObjectNode().put("event", "paired").put("peerId", paired.get().peerId())
                        .put("role", paired.get().role()).put("name", paired.get().name()));
                console.line("paired " + paired.get().peerId() + " as " + paired.get().role() + " '"
                        + paired.get().name() + "' (trust list v" + opened.store().list().orElseThrow().version()
                        + "); running nodes learn it when the device joins");
                return 0;
            }
            String why = w.state() == PairingWindow.State.LOCKED ? "the window is locked after "
                    + PairingWindow.DEFAULT_ATTEMPTS + " failed attempts" : "the window expired";
            console.json(Console.JSON.createObjectNode().put("event", "pairing-failed").put("reason",
                    w.state().name().toLowerCase()));
            console.error("no device paired: " + why, "run `livecontrol pair` again for a new code");
            return 1;
        }
    }
}
