package org.mobileworship.livecontrol.runtime.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;

/** The session's peers as the leader's peer list last named them (never this node itself). Loop-confined. */
final class PeerRegistry {
    private final PeerId self;
    private final Map<PeerId, PeerInfo> peers = new LinkedHashMap<>();
    /** The ids the leader's last peer list named (the others in {@link #peers} are kept for their open link). */
    private final Set<PeerId> listed = new HashSet<>();

    PeerRegistry(PeerId self) {
        this.self = self;
    }

    /**
     * Takes a new peer list and returns the ids known before it. A new leader's first lists miss peers that have
     * not re-registered yet; a peer this node still has an open link to stays in the session regardless (links
     * do not depend on the leader).
     */
    Set<PeerId> replace(List<PeerInfo> list, Predicate<PeerId> hasOpenLink) {
        Map<PeerId, PeerInfo> previous = new LinkedHashMap<>(peers);
        peers.clear();
        listed.clear();
        for (PeerInfo p : list) {
            if (!p.id().equals(self)) {
                peers.put(p.id(), p);
                listed.add(p.id());
            }
        }
        for (PeerInfo p : previous.values()) {
            if (!peers.containsKey(p.id()) && hasOpenLink.test(p.id())) {
                peers.put(p.id(), p);
            }
        }
        return previous.keySet();
    }

    /**
     * Once the link that kept it has closed: drops a peer the leader's last list did not name (it left the session
     * while this node still had a link to it). Returns whether it was dropped. Without this, a display the leader had
     * dropped (asleep, powered off) stayed in this node's session until the next peer list, and a controller kept
     * reconnecting to it several times a second, each attempt refused by the leader with {@code unknown-peer}.
     */
    boolean dropUnlisted(PeerId peer) {
        return !listed.contains(peer) && peers.remove(peer) != null;
    }

    /** Whether the leader's last peer list named the peer. */
    boolean listed(PeerId peer) {
        return listed.contains(peer);
    }

    PeerInfo get(PeerId peer) {
        return peers.get(peer);
    }

    boolean contains(PeerId peer) {
        return peers.containsKey(peer);
    }

    /** The peer's registered role, or null when it is not in the session. */
    PeerType typeOf(PeerId peer) {
        PeerInfo info = peers.get(peer);
        return info != null ? info.type() : null;
    }

    /** Peers that declared their encodings follow livecontrol's protocol, pong included; seed clients may not. */
    boolean answersPings(PeerId peer) {
        PeerInfo info = peers.get(peer);
        return info != null && info.declaredEncodings();
    }

    /** The peers with their link state as {@code channels} reports it: what {@code peers()} returns. */
    List<PeerInfo> view(Function<PeerId, PeerChannel> channels) {
        List<PeerInfo> out = new ArrayList<>(peers.size());
        for (PeerInfo p : peers.values()) {
            PeerChannel ch = channels.apply(p.id());
            out.add(p.withConnection(ch != null && ch.isOpen(), ch != null ? ch.transportName() : null));
        }
        return List.copyOf(out);
    }
}
