package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.Priority;

/**
 * A role that probes every known peer to find live leaders ({@link Discovering}, {@link Candidate},
 * {@link Leading}). What it found belongs to this role instance only: a new role starts a fresh search.
 */
abstract class SearchingRole extends Role {

    /** Peers with probes of this role in flight, and how many (one, or two after {@link #probeAgain}). */
    private final Map<PeerId, Integer> inFlight = new HashMap<>();
    /** Live leaders found by this role's probes. */
    private final Map<PeerId, LiveLeader> live = new HashMap<>();
    /** Peers whose probe completed (answer or not) in this role. */
    private final Set<PeerId> probed = new HashSet<>();

    SearchingRole(BullyElection election) {
        super(election);
    }

    /** A probe of this role completed and {@link #live} is up to date: act on it. */
    abstract void probed();

    @Override
    void tick() {
        sweep();
    }

    @Override
    void peerChanged(DiscoveredPeer peer) {
        probePeer(peer); // a new or changed record: probe it now
    }

    @Override
    void networkChanged() {
        sweep();
    }

    /**
     * Probes every peer discovery lists and, unless {@link #probesRememberedEachPoll()} is false, every node
     * seen before that it no longer lists (mDNS may have lost its record while it still leads), skipping
     * peers with a probe of this role in flight.
     */
    final void sweep() {
        for (DiscoveredPeer p : election.peers().all()) {
            probePeer(p);
        }
        if (probesRememberedEachPoll()) {
            for (DiscoveredPeer p : election.peers().rememberedUnlisted()) {
                probePeer(p);
            }
        }
    }

    /** Whether {@link #sweep} also probes remembered, unlisted nodes (short-lived roles: yes). */
    boolean probesRememberedEachPoll() {
        return true;
    }

    final void probePeer(DiscoveredPeer p) {
        if (!inFlight.containsKey(p.announcement().peerId())) {
            probeAgain(p);
        }
    }

    /**
     * Probes {@code p} even if one probe of it is in flight (that one may have been sent before the network healed);
     * nothing when two are: at most two probes of a node in flight, however often this is asked for.
     */
    final void probeFresh(DiscoveredPeer p) {
        if (inFlight.getOrDefault(p.announcement().peerId(), 0) < 2) {
            probeAgain(p);
        }
    }

    /** Probes {@code p} even if a probe is in flight (that one may have been sent before it began to serve). */
    final void probeAgain(DiscoveredPeer p) {
        PeerId id = p.announcement().peerId();
        InetSocketAddress ep = PeerTable.endpointOf(p);
        if (ep == null) {
            probed.add(id); // cannot be probed (no port announced): it cannot be verified as leader either
            return;
        }
        inFlight.merge(id, 1, Integer::sum);
        probe(ep, health -> {
            inFlight.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
            probed.add(id);
            if (leads(id, health)) {
                DiscoveredPeer rec = election.peers().contains(id) ? election.peers().get(id) : p; // may be remembered
                if (!live.containsKey(id)) {
                    BullyElection.log.info("election: probe of {} at {} answers: it leads term {}", id, ep,
                            health.get().term());
                }
                live.put(id, new LiveLeader(rec, ep, health.get()));
            } else {
                if (health.isPresent()) {
                    BullyElection.log.debug("election: {} at {} answers for {}", id, ep, health.get().leaderId());
                }
                live.remove(id);
            }
            probed();
        });
    }

    /** Forgets what this role learnt about a peer that left. */
    void forget(PeerId id) {
        live.remove(id);
    }

    final boolean foundAnyLeader() {
        return !live.isEmpty();
    }

    final Iterable<LiveLeader> liveLeaders() {
        return Set.copyOf(live.values());
    }

    /** Counts {@code id} as probed in this role without an answer (its failed probe was just seen elsewhere). */
    final void markProbed(PeerId id) {
        probed.add(id);
    }

    final boolean wasProbed(PeerId id) {
        return probed.contains(id);
    }

    /** Whether a probe of {@code id} by this role is in flight. */
    final boolean probeInFlight(PeerId id) {
        return inFlight.containsKey(id);
    }

    /** The best live leader found, or null. */
    final LiveLeader bestLive() {
        LiveLeader best = null;
        for (LiveLeader f : live.values()) {
            if (best == null || f.priority().beats(best.priority())) {
                best = f;
            }
        }
        return best;
    }

    /** Whether a probe of a peer better than {@code than} is still in flight: it might lead too, and the best wins. */
    final boolean betterProbePending(Priority than) {
        for (PeerId id : inFlight.keySet()) {
            if (pendingProbeMayBeIgnored(id)) {
                continue;
            }
            DiscoveredPeer p = election.peers().get(id);
            if (p != null && Priority.of(p.announcement()).beats(than)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a pending probe of {@code id} need not be awaited before following a live leader (default: no). */
    boolean pendingProbeMayBeIgnored(PeerId id) {
        return false;
    }

    static boolean leads(PeerId id, Optional<LeaderHealth> health) {
        return health.isPresent() && health.get().leaderId().equals(id);
    }
}
