package org.mobileworship.livecontrol.cli;

import java.time.Duration;
import java.util.Locale;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;

/** How the console names things for people: names first, ids short unless asked for in full. */
final class Names {
    /** Enough of a UUID to tell the peers of one room apart. */
    static final int SHORT_ID = 8;

    private final boolean verbose;

    Names(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    String id(PeerId id) {
        return id == null ? "—" : id(id.value());
    }

    String id(String id) {
        return verbose || id.length() <= SHORT_ID ? id : id.substring(0, SHORT_ID);
    }

    /** A revision as {@code counter@controller}, the controller id shortened like any id. */
    String revision(Revision r) {
        if (r == null || r.equals(Revision.ZERO)) {
            return "—";
        }
        return r.counter() + "@" + id(r.controllerId());
    }

    /** "controller", "display (stage)", or the unknown type's own name. */
    static String role(PeerType type) {
        if (type instanceof PeerType.Display d) {
            return "display (" + d.displayClass().wireName() + ")";
        }
        return type.wireName();
    }

    /** The name a peer goes by; its short id when it announced no name. */
    String of(PeerInfo p) {
        return p.displayName().isBlank() ? id(p.id()) : p.displayName();
    }

    /** The leader as one readable line (no record toString). */
    static String leaderLine(LeaderStatus s, String leaderName, String leaderRole, Names names) {
        if (!s.hasLeader()) {
            return "no leader yet: an election is running (term " + s.term() + ")";
        }
        StringBuilder sb = new StringBuilder(leaderName);
        if (leaderRole == null) { // not in the peer list yet: its id is all there is to show
            sb.append(" (not in the peer list yet)");
        } else {
            sb.append(" (").append(s.self() ? "this " + leaderRole : leaderRole).append(", ")
                    .append(names.id(s.leaderId())).append(')');
        }
        sb.append(" · term ").append(s.term());
        s.signalingEndpoint().ifPresent(e -> sb.append(" · signaling at ").append(e.getHostString()).append(':')
                .append(e.getPort()));
        return sb.toString();
    }

    /** "0.42 ms", "12 ms", or "—". */
    static String millis(Duration d) {
        if (d == null) {
            return "—";
        }
        double ms = d.toNanos() / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /** "1 s", "0.5 s". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** "now", "4 s ago", "3 min ago", "2 h ago". */
    static String ago(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return "now";
        }
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }
}
