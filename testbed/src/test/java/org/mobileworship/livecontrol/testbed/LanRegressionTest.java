package org.mobileworship.livecontrol.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chaos schedules that once failed, replayed as they were drawn (scenario 12's generator, 60 s): each seed is a fixed
 * schedule, run by name, e.g.
 * {@code mvn -B verify -pl testbed -am -Dsurefire.excludedGroups= -Dgroups=lan-regression -Dtest='LanRegressionTest#seed8851957019173' -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Tagged {@code lan-regression}, not {@code lan}: the three seeds below end in split brain (several leaders that
 * never agree again, issue "Reliability at scale") until the election fix lands; then they move into the {@code lan}
 * tier. A seed the soak finds is added here once its cause is fixed.
 */
@Tag("lan-regression")
class LanRegressionTest {

    private static void replay(long seed) throws Exception {
        ChaosRun.Result r = ChaosRun.run(ChaosSchedule.legacy(seed, 60, Lan.nftAvailable()), "regression-" + seed, true);
        System.out.println("[testbed regression-" + seed + "] " + r.summary());
        r.assertPassed();
    }

    /** Found 2026-12-01: no single agreed leader within 60 s, [d1→d1(self), c2→c2(self), d3→d1, d4→c2, d5→d1]. */
    @Test
    void seed8851957019173() throws Exception {
        replay(8851957019173L);
    }

    /** Found 2026-12-01: no single agreed leader within 60 s, [d1→d1(self), c2→c2(self), d3→d4, d4→d4(self), d5→d1]. */
    @Test
    void seed8979967583916() throws Exception {
        replay(8979967583916L);
    }

    /**
     * Found in the round before: a display that never saw the controller's mDNS record again, and no way for the
     * better leader to make the worse one back down.
     */
    @Test
    void seed6061778612006() throws Exception {
        replay(6061778612006L);
    }
}
