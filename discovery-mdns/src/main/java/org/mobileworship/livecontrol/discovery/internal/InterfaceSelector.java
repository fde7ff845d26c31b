package org.mobileworship.livecontrol.discovery.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.mobileworship.livecontrol.api.spi.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the IPv4 addresses to run mDNS on: the configured addresses / interface names that currently exist
 * and are up, or by default every up, non-loopback, multicast-capable IPv4 interface. Never resolves names
 * through DNS.
 */
public final class InterfaceSelector implements Supplier<Set<InetAddress>> {
    private static final Logger log = LoggerFactory.getLogger(InterfaceSelector.class);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.@-]{0,63}");

    private final List<String> configured;
    private final Set<String> warned = Collections.synchronizedSet(new LinkedHashSet<>());

    public InterfaceSelector(List<String> configured) {
        this.configured = List.copyOf(configured);
    }

    /** Rejects tokens that are neither an IPv4 address nor a plausible interface name. */
    static void validate(List<String> tokens, String key) {
        for (String t : tokens) {
            if (IPV4.matcher(t).matches()) {
                parseIpv4(t, key);
            } else if (!NAME.matcher(t).matches()) {
                throw Config.invalidValue(key, t,
                        "comma-separated IPv4 addresses (e.g. 192.168.1.20) or interface names (e.g. eth0)");
            }
        }
    }

    private static InetAddress parseIpv4(String t, String key) {
        String[] parts = t.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                throw Config.invalidValue(key, t, "an IPv4 address (each part 0-255)");
            }
            b[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public Set<InetAddress> get() {
        Set<InetAddress> out = new LinkedHashSet<>();
        try {
            if (configured.isEmpty()) {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()) {
                        addIpv4(ni, out);
                    }
                }
                return out;
            }
            for (String t : configured) {
                if (IPV4.matcher(t).matches()) {
                    InetAddress a = parseIpv4(t, MdnsSettings.PREFIX + "interfaces");
                    NetworkInterface ni = NetworkInterface.getByInetAddress(a);
                    if (ni != null && ni.isUp()) {
                        out.add(a);
                    } else {
                        warnOnce(t, "no up interface has address " + t + " (yet)");
                    }
                } else {
                    NetworkInterface ni = NetworkInterface.getByName(t);
                    if (ni != null && ni.isUp()) {
                        int before = out.size();
                        addIpv4(ni, out);
                        if (out.size() == before) {
                            warnOnce(t, "interface " + t + " has no IPv4 address");
                        }
                    } else {
                        warnOnce(t, "interface " + t + " does not exist or is down");
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("mdns: cannot list network interfaces: {}", e.toString());
        }
        return out;
    }

    private void warnOnce(String token, String message) {
        if (warned.add(token + message)) {
            log.warn("mdns: {} (livecontrol.discovery.interfaces); will retry", message);
        }
    }

    private static void addIpv4(NetworkInterface ni, Set<InetAddress> out) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
            if (a instanceof Inet4Address) {
                out.add(a);
            }
        }
    }
}
