package org.mobileworship.livecontrol.api.spi.discovery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Another node seen by discovery. <strong>Not proof of life</strong>: records of crashed peers can linger
 * (mDNS TTLs are long), so consumers verify a peer before relying on it.
 *
 * @param announcement what it announced
 * @param addresses    addresses it can be reached at, most preferred first
 * @param lastSeen     when discovery last heard this record
 */
public record DiscoveredPeer(Announcement announcement, List<InetAddress> addresses, Instant lastSeen) {
    public DiscoveredPeer {
        Objects.requireNonNull(announcement, "announcement");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
