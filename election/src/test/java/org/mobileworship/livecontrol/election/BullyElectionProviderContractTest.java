package org.mobileworship.livecontrol.election;

import java.time.Duration;
import java.util.Map;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.testkit.ElectionContractTest;

/**
 * The election as the provider builds it for a real node — its own loop and leadership threads, timers from
 * the context's real scheduler — against the contract in real time, with the in-memory discovery's own
 * threads delivering callbacks. Shorter timings than the defaults keep it to a few seconds.
 */
class BullyElectionProviderContractTest extends ElectionContractTest {

    @Override
    protected Election createElection(ElectionContext context) {
        return new BullyElectionProvider().create(context);
    }

    @Override
    protected Map<String, String> config() {
        return Map.of(
                // long enough that a node joining a loaded machine has probed the running leader before it
                // would claim (300 ms let a late controller claim under load: a flake of the no-pre-emption test)
                "livecontrol.election.discovery-wait", "2s",
                "livecontrol.election.poll-interval", "50ms",
                "livecontrol.election.claim-wait", "1s",
                "livecontrol.election.recheck-interval", "500ms",
                "livecontrol.election.loss-confirm", "200ms");
    }

    @Override
    protected Duration convergenceTimeout() {
        return Duration.ofSeconds(20);
    }
}
