package org.mobileworship.livecontrol.election.internal;

import java.time.Duration;
import java.util.Map;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.testkit.ElectionContractTest;
import org.mobileworship.livecontrol.testkit.ManualScheduler;

/**
 * The real election against the testkit's {@link ElectionContractTest}, on fake time: the election's loop,
 * its leadership worker, its timers and its clock are all the test's {@link ManualScheduler}, so every run
 * takes the same (fake) steps. Default settings: the contract holds with the timings users get.
 */
class BullyElectionContractTest extends ElectionContractTest {

    private final ManualScheduler time = new ManualScheduler(1_700_000_000_000L);

    @Override
    protected ManualScheduler fakeTime() {
        return time;
    }

    @Override
    protected Election createElection(ElectionContext context) {
        return new BullyElection(context, ElectionSettings.from(context.config()), time, time, () -> { });
    }

    @Override
    protected Map<String, String> config() {
        return Map.of();
    }

    /** Fake seconds: the election may take several poll rounds and a claim-wait. */
    @Override
    protected Duration convergenceTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected Duration stabilityWindow() {
        return Duration.ofSeconds(10);
    }
}
