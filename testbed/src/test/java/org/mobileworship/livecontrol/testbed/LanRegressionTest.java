package org.mobileworship.livecontrol.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chaos schedules that once failed, replayed as they were drawn (60 s each): each seed is a fixed schedule, run by
 * name, e.g.
 * {@code mvn -B verify -pl testbed -am -Dsurefire.excludedGroups= -Dgroups=lan,lan-regression -Dtest='LanRegressionTest#seed8851957019173' -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The three seeds (scenario 12's generator) are tagged {@code lan}: they run in CI's LAN tier. The soak's
 * seeds (every fault kind, {@link ChaosSchedule#random}) are tagged {@code lan-regression} and run by name: their root
 * cause is covered in CI by a shorter fixed scenario each (named below), which keeps the tier's wall time down.
 */
class LanRegressionTest {

    private static void replay(ChaosSchedule schedule) throws Exception {
        ChaosRun.Result r = ChaosRun.run(schedule, "regression-" + schedule.seed(), true);
        System.out.println("[testbed regression-" + schedule.seed() + "] " + r.summary());
        r.assertPassed();
    }

    private static void legacy(long seed) throws Exception {
        replay(ChaosSchedule.legacy(seed, 60, Lan.nftAvailable()));
    }

    private static void random(long seed) throws Exception {
        replay(ChaosSchedule.random(seed, 60, Lan.nftAvailable()));
    }

    /** Found 2026-12-01: no single agreed leader within 60 s, [d1→d1(self), c2→c2(self), d3→d1, d4→c2, d5→d1]. */
    @Test
    @Tag("lan")
    void seed8851957019173() throws Exception {
        legacy(8851957019173L);
    }

    /** Found 2026-12-01: no single agreed leader within 60 s, [d1→d1(self), c2→c2(self), d3→d4, d4→d4(self), d5→d1]. */
    @Test
    @Tag("lan")
    void seed8979967583916() throws Exception {
        legacy(8979967583916L);
    }

    /**
     * Found in the round before: a display that never saw the controller's mDNS record again, and no way for the
     * better leader to make the worse one back down.
     */
    @Test
    @Tag("lan")
    void seed6061778612006() throws Exception {
        legacy(6061778612006L);
    }

    /**
     * Soak 2026-12-01: split brain [d1→c2, c2→c2(self), d3→d4, d4→d4(self), d5→c2]. Both leaders' jmdns had closed
     * itself after a send failed during a power loss (discovery-mdns fix; in CI as scenario 15).
     */
    @Test
    @Tag("lan-regression")
    void seed20261201202() throws Exception {
        random(20261201202L);
    }

    /** Soak 2026-12-01: split brain [d1→c2, c2→c2(self), d3→c2, d4→c2, d5→d5(self)]; same cause as 20261201202. */
    @Test
    @Tag("lan-regression")
    void seed20261201203() throws Exception {
        random(20261201203L);
    }

    /** Soak 2026-12-01: split brain [d1→d5, c2→c2(self), d3→c2, d4→d5, d5→d5(self)]; same cause as 20261201202. */
    @Test
    @Tag("lan-regression")
    void seed20261201204() throws Exception {
        random(20261201204L);
    }

    /**
     * Soak 2026-12-02 (run 8, schedule 44 of 50): two leaders for 4.2 s after a heal. The controller's jmdns was
     * stuck cancelling after its power loss and was started again only after 15 s; the display that led the other
     * half (its address had changed meanwhile) could not see it until then (discovery-mdns: now after 7 s).
     */
    @Test
    @Tag("lan")
    void seed20261202043() throws Exception {
        random(20261202043L);
    }

    /**
     * Soak 2026-12-02 (run 10, schedule 28 of 50): two leaders for 2,045 ms after a heal. The worse leader decided
     * to back down 1.07 s after the join, but reported its new leader only 1.1 s later: reporting waited for the
     * port's lock, held while its old server closed connections to peers that had gone silent (runtime:
     * {@code SignalingPort.leaderChanged} no longer takes it; {@code SignalingPortTest}).
     */
    @Test
    @Tag("lan")
    void seed20261202227() throws Exception {
        random(20261202227L);
    }
}
