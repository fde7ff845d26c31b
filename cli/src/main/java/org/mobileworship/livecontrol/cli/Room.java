package org.mobileworship.livecontrol.cli;

import java.util.List;
import java.util.Optional;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;

/** The room as one node sees it, in people's terms: who leads, which displays are here, what peers are called. */
final class Room {
    private final LiveControl node;
    private final String selfName;
    private final Names names;

    Room(LiveControl node, String selfName, Names names) {
        this.node = node;
        this.selfName = selfName;
        this.names = names;
    }

    Names names() {
        return names;
    }

    Optional<PeerInfo> peer(PeerId id) {
        return node.peers().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    List<PeerInfo> displays() {
        return node.peers().stream().filter(p -> p.type().isDisplay()).toList();
    }

    List<String> displayNames() {
        return displays().stream().map(names::of).distinct().sorted().toList();
    }

    /** A peer's name, or its short id while it is not (or no longer) in the peer list. */
    String nameOf(PeerId id) {
        if (id.equals(node.id())) {
            return selfName;
        }
        return peer(id).map(names::of).orElseGet(() -> names.id(id));
    }

    String leaderName(LeaderStatus s) {
        return s.self() ? selfName : nameOf(s.leaderId());
    }

    /** "booth (this controller, 4944a40a) · term 1 · signaling at 127.0.0.1:3010", or the election under way. */
    String leaderLine(LeaderStatus s) {
        String role = s.self() ? Names.role(node.type())
                : peer(s.leaderId()).map(p -> Names.role(p.type())).orElse(null);
        return Names.leaderLine(s, leaderName(s), role, names);
    }

    /** "stage-left (display (stage), 1a2b3c4d)" with the name colored. */
    String label(PeerId id, Style style) {
        return peer(id).map(p -> style.name(names.of(p)) + " " + style.dim("(" + Names.role(p.type()) + ", "
                + names.id(id) + ")")).orElseGet(() -> names.id(id));
    }
}
