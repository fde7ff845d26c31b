package org.mobileworship.livecontrol.election.internal;

import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * The first role: for {@code discovery-wait}, probe every known peer each poll and follow a live leader at
 * once, whatever its TXT says; if none answers, start an election.
 */
final class Discovering extends SearchingRole {

    Discovering(BullyElection election) {
        super(election);
    }

    @Override
    State state() {
        return State.DISCOVERING;
    }

    @Override
    void enter() {
        ElectionSettings s = election.settings();
        BullyElection.log.info("election: {} ({}) discovering for {} ms, probing every {} ms", election.self(),
                election.selfType(), s.discoveryWait().toMillis(), s.pollInterval().toMillis());
        if (election.ownPort() == 0) {
            BullyElection.log.info("election: own signaling port unknown until first served; non-leader "
                    + "announcements are left to the runtime");
        }
        election.refreshPeers();
        sweep();
        after(s.discoveryWait(), () -> election.become(new Candidate(election,
                "no live leader found by probing during the discovery wait", null)));
    }

    @Override
    void peerGone(PeerId peer) {
        forget(peer);
    }

    @Override
    void probed() {
        LiveLeader best = bestLive();
        if (best != null && !betterProbePending(best.priority())) {
            election.become(new Following(election, best, "live leader found while discovering"));
        }
    }
}
