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
 * latest records from discovery, the candidates excluded for not claiming when elected, and the last record
 * of every node ever seen. Confined to the election loop.
 *
 * <p><b>Remembered records</b> keep a node's endpoint and priority after discovery stops listing it. mDNS
 * loses records (a jmdns instance may never see a peer's record again after a partition heals), and a leader
 * that cannot see a better leader would otherwise never back down: a split brain that lasts. So the roles
 * keep probing remembered nodes that discovery no longer lists (see README, "Split brain").
 */
final class PeerTable {

    private static final Logger log = LoggerFactory.getLogger(PeerTable.class);

    private final PeerId self;
    private final Map<PeerId, DiscoveredPeer> peers = new HashMap<>();
    /** Peers not eligible as candidates, with the announcement they had when excluded. */
    private final Map<PeerId, Announcement> excluded = new HashMap<>();
    /** The last record of every node seen, listed or not; at most {@link #MAX_REMEMBERED}, oldest dropped. */
    private final Map<PeerId, DiscoveredPeer> remembered = new HashMap<>();
    /** Remembered nodes known only through signaling (no discovery record seen yet). */
    private final java.util.Set<PeerId> learnt = new java.util.HashSet<>();
    /** A room has a few dozen nodes; the bound only guards against a flood of ids. */
    static final int MAX_REMEMBERED = 256;

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
                remember(p);
                return false;
            }
            if (oa.startedAtMillis() == a.startedAtMillis() && a.term() < oa.term()) {
                log.debug("election: ignoring stale announcement of {} (term {} < {})", a.peerId(), a.term(),
                        oa.term());
                return false;
            }
        }
        peers.put(a.peerId(), p);
        remember(p);
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
        now.values().forEach(this::remember);
    }

    /**
     * Takes a node learnt through signaling (the leader's peer list), remembered like a lost discovery record so
     * the roles probe it. A record from discovery always wins: a learnt one never replaces it, while a newer
     * learnt one replaces an older learnt one (the node restarted on another port). Returns whether it is new.
     */
    boolean learn(DiscoveredPeer p) {
        PeerId id = p.announcement().peerId();
        if (id.equals(self) || peers.containsKey(id)) {
            return false;
        }
        DiscoveredPeer known = remembered.get(id);
        if (known != null && !learnt.contains(id)) {
            return false;
        }
        boolean changed = known == null || known.announcement().signalingPort() != p.announcement().signalingPort()
                || !known.addresses().equals(p.addresses());
        remember(p);
        learnt.add(id);
        return changed;
    }

    private void remember(DiscoveredPeer p) {
        learnt.remove(p.announcement().peerId());
        remembered.put(p.announcement().peerId(), p);
        if (remembered.size() > MAX_REMEMBERED) {
            remembered.values().stream().min(java.util.Comparator.comparing(DiscoveredPeer::lastSeen))
                    .ifPresent(oldest -> remembered.remove(oldest.announcement().peerId()));
        }
    }

    /** Nodes seen before that discovery does not list now (their last record). */
    List<DiscoveredPeer> rememberedUnlisted() {
        return remembered.values().stream().filter(p -> !peers.containsKey(p.announcement().peerId())).toList();
    }

    /** Listed and remembered nodes whose priority beats {@code than}. */
    List<DiscoveredPeer> knownBetterThan(Priority than) {
        return remembered.values().stream().filter(p -> Priority.of(p.announcement()).beats(than)).toList();
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
