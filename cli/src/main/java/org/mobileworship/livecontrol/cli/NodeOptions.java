package org.mobileworship.livecontrol.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import picocli.CommandLine.Option;

/** Options every node-running command shares. */
final class NodeOptions {
    @Option(names = "--interface", paramLabel = "IP",
            description = "IPv4 address to announce, browse and serve on (default: every up, non-loopback, multicast-capable IPv4 interface)")
    String iface;

    @Option(names = "--port", paramLabel = "PORT", description = "signaling port when this node leads (default 3010)")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file of livecontrol.* keys")
    Path config;

    @Option(names = "--session", paramLabel = "NAME", description = "session (room) name; default: the default session")
    String session;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "keep this device's key and the room's trust list here (made on first start, owner-only); the peer id comes from the key and registrations are signed (livecontrol.state-dir). Default in paired mode: ~/.local/state/livecontrol/<role>-<name> (or $LIVECONTROL_STATE_DIR)")
    Path stateDir;

    @Option(names = "--paired",
            description = "paired mode, the default: only devices of the room's trust list may join, lead or be followed (pair devices with `livecontrol pair`) (livecontrol.security=paired)")
    boolean paired;

    @Option(names = "--open",
            description = "open mode: any device on the network that registers may join, as the seed's plain JSON clients do; roles and the origin policy still apply (livecontrol.security=open)")
    boolean open;

    @Option(names = "--json", description = "one JSON event per line on stdout (and, for the controller, JSON commands on stdin)")
    boolean json;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "log file level: ERROR, WARN, INFO, DEBUG (default INFO)")
    String logLevel;

    /**
     * Applies the options to a builder, checking what can be checked before anything starts.
     *
     * @param deviceName the node's name: in paired mode without {@code --state-dir} the device keeps its key in
     *                   a directory of its own under the user's state directory, one per role and name, so two
     *                   processes of one host (audience and stage output) are two devices
     */
    LiveControl.Builder apply(LiveControl.Builder b, String role, String deviceName) {
        Map<String, String> keys = keys(role, deviceName);
        if (config != null) {
            b.configFile(config);
        }
        keys.forEach(b::config);
        return b;
    }

    /** The configuration these options give a node, with the file, environment and defaults under them. */
    LiveControlConfig effective(String role, String deviceName) {
        return LiveControlConfig.load(keys(role, deviceName), config, System.getenv(), System.getProperties());
    }

    private Map<String, String> keys(String role, String deviceName) {
        if (open && paired) {
            throw new LiveControlException(ErrorKind.CONFIGURATION, "--open and --paired contradict each other:"
                    + " pass one (paired is the default)");
        }
        if (config != null && !Files.isReadable(config)) {
            throw new LiveControlException("config file " + config + " does not exist or is not readable");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        if (iface != null) {
            requireLocalAddress(iface);
            keys.put("livecontrol.discovery.interfaces", iface);
            keys.put("livecontrol.signaling.bind-address", iface);
        }
        if (port != null) {
            keys.put("livecontrol.signaling.port", Integer.toString(port));
        }
        if (session != null) {
            keys.put("livecontrol.session", session);
        }
        if (open) {
            keys.put("livecontrol.security", "open");
        } else if (paired) {
            keys.put("livecontrol.security", "paired");
        }
        Path dir = stateDir != null ? stateDir : open ? null : defaultStateDir(role, deviceName);
        if (dir != null) {
            keys.put("livecontrol.state-dir", dir.toString());
        }
        return keys;
    }

    /**
     * {@code $LIVECONTROL_STATE_DIR}, else {@code $XDG_STATE_HOME/livecontrol/<role>-<name>}, else
     * {@code ~/.local/state/livecontrol/<role>-<name>} (null when {@code LIVECONTROL_STATE_DIR} is set: the
     * runtime reads that variable itself).
     */
    static Path defaultStateDir(String role, String deviceName) {
        if (System.getenv("LIVECONTROL_STATE_DIR") != null) {
            return null;
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        String slug = (role + "-" + deviceName).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return base.resolve("livecontrol").resolve(slug);
    }

    static void requireLocalAddress(String ip) {
        InetAddress addr;
        try {
            addr = InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new LiveControlException(ErrorKind.NO_NETWORK_INTERFACE,
                    "no network interface has address " + ip + ": not an IP address");
        }
        List<String> available = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!(a instanceof Inet4Address)) {
                        continue;
                    }
                    if (a.equals(addr)) {
                        if (!ni.isUp()) {
                            // The address is this machine's, but its link is down (WiFi not yet associated, cable
                            // out, a display PC that boots faster than its access point). Start anyway: discovery
                            // re-reads the interfaces every few seconds and begins as soon as the link is up.
                            // Exiting here left a restarted display dark for good (found by the LAN chaos run).
                            org.slf4j.LoggerFactory.getLogger(NodeOptions.class).warn(
                                    "interface {} with {} is down; waiting for its link to come up", ni.getName(), ip);
                        }
                        return;
                    }
                    if (ni.isUp()) {
                        available.add(ni.getName() + "=" + a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            throw new LiveControlException(ErrorKind.NO_NETWORK_INTERFACE, "no usable network interface: cannot list interfaces: " + e.getMessage());
        }
        throw new LiveControlException(ErrorKind.NO_NETWORK_INTERFACE,
                "no network interface has address " + ip + "; available: " + available);
    }
}
