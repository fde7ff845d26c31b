package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.election.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other nodes this election knows of, kept for the election's whole life (every role reads it): their
 * latest records from discovery, and the candidates excluded for not claiming when elected. Confined to the
 * election loop.
 */
final class PeerTable {

    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);

    private final PeerId self;
    private final Map<PeerId, DiscoveredPeer> peers = new HashMap<>();
    /** Peers not eligible as candidates, with the announcement they had when excluded. */
    private final Map<PeerId, Announcement> excluded = new HashMap<>();

    PeerTable(PeerId self) {
        this.self = self;
    }

    /**
     * Takes a record from discovery. Returns whether it is new or changed (the current role should react),
     * false for the local node, an unchanged record (only its last-seen time is refreshed) or a stale copy
     * (same start, lower term) that arrived late.
     */
    boolean update(DiscoveredPeer p) {
        Announcement a = p.announcement();
        if (a.peerId().equals(self)) {
            return false;
        }
        DiscoveredPeer old = peers.get(a.peerId());
        if (old != null) {
            Announcement oa = old.announcement();
            if (oa.equals(a) && old.addresses().equals(p.addresses())) {
                peers.put(a.peerId(), p);
                return false;
            }
            if (oa.startedAtMillis() == a.startedAtMillis() && a.term() < oa.term()) {
                log.debug("election: ignoring stale announcement of {} (term {} < {})", a.peerId(), a.term(),
                        oa.term());
                return false;
            }
        }
        peers.put(a.peerId(), p);
        Announcement ex = excluded.get(a.peerId());
        if (ex != null && !ex.equals(a)) {
            excluded.remove(a.peerId()); // it changed, so it is alive enough to be reconsidered
        }
        return true;
    }

    void remove(PeerId id) {
        peers.remove(id);
        excluded.remove(id);
    }

    /** Replaces the table's peers by what discovery lists now (exclusions of remaining peers stay). */
    void replaceWith(Map<PeerId, DiscoveredPeer> now) {
        peers.keySet().retainAll(now.keySet());
        peers.putAll(now);
    }

    /** What discovery lists now, without the local node; the known peers if discovery fails. */
    Map<PeerId, DiscoveredPeer> read(Discovery discovery) {
        Map<PeerId, DiscoveredPeer> m = new HashMap<>();
        try {
            for (DiscoveredPeer p : discovery.peers()) {
                if (!p.announcement().peerId().equals(self)) {
                    m.put(p.announcement().peerId(), p);
                }
            }
        } catch (RuntimeException e) {
            log.warn("election: discovery.peers() failed: {}", e.toString());
            m.putAll(peers);
        }
        return m;
    }

    DiscoveredPeer get(PeerId id) {
        return peers.get(id);
    }

    boolean contains(PeerId id) {
        return peers.containsKey(id);
    }

    Set<PeerId> ids() {
        return Set.copyOf(peers.keySet());
    }

    Collection<DiscoveredPeer> all() {
        return List.copyOf(peers.values());
    }

    long maxTerm() {
        return peers.values().stream().mapToLong(p -> p.announcement().term()).max().orElse(0);
    }

    void exclude(DiscoveredPeer p, String why) {
        Announcement prev = excluded.put(p.announcement().peerId(), p.announcement());
        if (prev == null) {
            log.info("election: excluding {} as candidate: {}", p.announcement().peerId(), why);
        }
    }

    void unexclude(PeerId id) {
        excluded.remove(id);
    }

    /** The best peer that beats {@code floor} and is neither excluded nor in {@code notNow}; null if none. */
    DiscoveredPeer bestCandidate(Priority floor, Set<PeerId> notNow) {
        Priority best = floor;
        DiscoveredPeer bestPeer = null;
        for (DiscoveredPeer p : peers.values()) {
            Announcement a = p.announcement();
            if (excluded.containsKey(a.peerId()) || notNow.contains(a.peerId())) {
                continue;
            }
            Priority pr = Priority.of(a);
            if (pr.beats(best)) {
                best = pr;
                bestPeer = p;
            }
        }
        return bestPeer;
    }

    /** A peer's signaling endpoint: its first address and announced port; null if it announced none. */
    static InetSocketAddress endpointOf(DiscoveredPeer p) {
        int port = p.announcement().signalingPort();
        if (p.addresses().isEmpty() || port <= 0) {
            return null;
        }
        return new InetSocketAddress(p.addresses().get(0), port);
    }
}
