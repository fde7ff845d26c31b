package org.mobileworship.livecontrol.testkit;

import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;

class InMemoryElectionContractTest extends ElectionContractTest {
    @Override
    protected Election createElection(ElectionContext context) {
        return new InMemoryElectionProvider().create(context);
    }
}
