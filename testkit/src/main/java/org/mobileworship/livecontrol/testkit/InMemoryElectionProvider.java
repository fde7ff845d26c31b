package org.mobileworship.livecontrol.testkit;

import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.testkit.internal.InMemoryElection;

/**
 * A deterministic election among the live election instances of an {@link InMemoryNetwork}
 * ({@code livecontrol.election=in-memory}): highest {@code PeerType.electionRank()}, then earliest start,
 * then smallest peer id; a live leader is never pre-empted; terms grow with every election. Followers
 * verify the leader through the context's probe before reporting it. The first election waits
 * {@value org.mobileworship.livecontrol.testkit.internal.InMemoryElection#SETTLE_KEY} (100ms) so nodes starting
 * together compete. Config: {@value InMemoryNetwork#CONFIG_KEY}.
 */
public final class InMemoryElectionProvider implements ElectionProvider {
    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Election create(ElectionContext context) {
        return new InMemoryElection(context, InMemoryNetwork.of(context.config()).core());
    }
}
