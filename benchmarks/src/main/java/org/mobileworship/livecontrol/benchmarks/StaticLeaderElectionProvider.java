package org.mobileworship.livecontrol.benchmarks;

import java.net.InetSocketAddress;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionListener;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;

/**
 * An "election" that always follows one given leader: lets a display in a separate JVM (footprint figure)
 * join the benchmark JVM's session without depending on cross-JVM mDNS. Not registered with ServiceLoader.
 */
public final class StaticLeaderElectionProvider implements ElectionProvider {
    private final PeerId leader;
    private final InetSocketAddress endpoint;

    public StaticLeaderElectionProvider(PeerId leader, InetSocketAddress endpoint) {
        this.leader = leader;
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "static-leader";
    }

    @Override
    public Election create(ElectionContext context) {
        LeaderStatus status = new LeaderStatus(leader, false, 1, endpoint);
        return new Election() {
            @Override
            public void start(ElectionListener listener) {
                listener.leaderChanged(status);
            }

            @Override
            public LeaderStatus status() {
                return status;
            }

            @Override
            public void leaderUnreachable(PeerId l, String reason) {
                // the benchmark leader lives as long as the measurement; nothing to re-elect
            }

            @Override
            public void close() {
            }
        };
    }
}
