package org.mobileworship.livecontrol.discovery.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mobileworship.livecontrol.api.spi.Config;

/**
 * Settings read from {@code livecontrol.discovery.*}.
 *
 * @param interfaces   configured IPv4 addresses / interface names; empty = every up, non-loopback,
 *                     multicast-capable IPv4 interface
 * @param interfacePoll how often network interfaces are re-read
 * @param serviceType  DNS-SD service type (separate rooms or test runs can use their own)
 * @param closeWait    how long {@code close()} waits for jmdns to withdraw before finishing in the background
 */
public record MdnsSettings(List<String> interfaces, Duration interfacePoll, String serviceType, Duration closeWait,
                           String session) {

    public static final String PREFIX = "livecontrol.discovery.";
    public static final String DEFAULT_SERVICE_TYPE = "_mobile-worship._tcp.local.";

    public MdnsSettings {
        interfaces = List.copyOf(interfaces);
    }

    public static MdnsSettings from(Config config) {
        List<String> itfs = new ArrayList<>();
        for (String t : config.getString(PREFIX + "interfaces", "").split(",")) {
            if (!t.isBlank()) {
                itfs.add(t.trim());
            }
        }
        InterfaceSelector.validate(itfs, PREFIX + "interfaces");
        Duration poll = config.getDuration(PREFIX + "interface-poll", Duration.ofSeconds(5));
        if (poll.isNegative() || poll.isZero()) {
            throw Config.invalidValue(PREFIX + "interface-poll", config.get(PREFIX + "interface-poll").orElse(""),
                    "a positive duration");
        }
        Duration closeWait = config.getDuration(PREFIX + "close-wait", Duration.ofMillis(500));
        if (closeWait.isNegative()) {
            throw Config.invalidValue(PREFIX + "close-wait", config.get(PREFIX + "close-wait").orElse(""),
                    "a non-negative duration");
        }
        String type = config.getString(PREFIX + "service-type", DEFAULT_SERVICE_TYPE).trim();
        if (!type.matches("_[A-Za-z0-9-]{1,15}\\._(tcp|udp)\\.local\\.")) {
            throw Config.invalidValue(PREFIX + "service-type", type, "a DNS-SD type such as " + DEFAULT_SERVICE_TYPE);
        }
        // Nodes of different sessions (rooms, concurrent test runs) must never see each other: the session
        // travels in the TXT record and records of other sessions are ignored.
        String session = config.getString("livecontrol.session", "").trim();
        return new MdnsSettings(itfs, poll, type, closeWait, session);
    }
}
