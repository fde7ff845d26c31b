package org.mobileworship.livecontrol.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
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
            description = "keep this device's key here (made on first start, owner-only); the peer id then comes from the key and registrations are signed (livecontrol.state-dir)")
    Path stateDir;

    @Option(names = "--paired",
            description = "paired mode: only devices of the room's trust list may join, lead or be followed (needs --state-dir; pair devices with `livecontrol pair`) (livecontrol.security=paired)")
    boolean paired;

    @Option(names = "--json", description = "one JSON event per line on stdout (and, for the controller, JSON commands on stdin)")
    boolean json;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "log file level: ERROR, WARN, INFO, DEBUG (default INFO)")
    String logLevel;

    /** Applies the options to a builder, checking what can be checked before anything starts. */
    LiveControl.Builder apply(LiveControl.Builder b) {
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw new LiveControlException("config file " + config + " does not exist or is not readable");
            }
            b.configFile(config);
        }
        if (iface != null) {
            requireLocalAddress(iface);
            b.config("livecontrol.discovery.interfaces", iface);
            b.config("livecontrol.signaling.bind-address", iface);
        }
        if (port != null) {
            b.config("livecontrol.signaling.port", Integer.toString(port));
        }
        if (session != null) {
            b.config("livecontrol.session", session);
        }
        if (stateDir != null) {
            b.config("livecontrol.state-dir", stateDir.toString());
        }
        if (paired) {
            b.config("livecontrol.security", "paired");
        }
        return b;
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
