package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mobileworship.livecontrol.cli.OneHostNodes.awaitLinkedAndAcked;
import static org.mobileworship.livecontrol.cli.OneHostNodes.awaitOneLeader;
import static org.mobileworship.livecontrol.cli.OneHostNodes.controllerOf;
import static org.mobileworship.livecontrol.cli.OneHostNodes.displaysOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case of several processes on one host that still fails (issue "Reliability at scale", item 3): the leader — the
 * display started first — is killed with kill -9 and started again with the same {@code --id} on the same address. The
 * other two elect the controller; the restarted display never hears the controller's mDNS records, elects itself and
 * the controller does not make it back down (split brain, 2 of 2 runs on 2026-12-01).
 *
 * <p>Tagged {@code one-host-regression}, outside the default test run, until the cause is fixed; run it by name:
 * {@code mvn -B verify -pl cli -am -Dgroups=one-host-regression -Dsurefire.failIfNoSpecifiedTests=false -Dtest=OneHostLeaderKilledTest}.
 * Findings so far are in discovery-mdns/README.md ("Several processes on one address").
 */
@Tag("one-host-regression")
class OneHostLeaderKilledTest {
    @TempDir
    Path logs;

    @Test
    void theLeaderKilledAndRestartedWithItsIdRejoinsTheOthers() throws Exception {
        try (OneHostNodes room = new OneHostNodes(logs)) {
            List<CliProcess> all = room.startTwoSecondsApart();
            CliProcess leader = awaitOneLeader(all);
            awaitLinkedAndAcked(controllerOf(all), displaysOf(all), 1);
            leader.kill9();
            List<CliProcess> survivors = all.stream().filter(p -> p != leader).toList();
            assertThat(awaitOneLeader(survivors)).isNotSameAs(leader);
            List<CliProcess> now = new ArrayList<>(survivors);
            now.add(room.restart(leader));
            awaitOneLeader(now);
            awaitLinkedAndAcked(controllerOf(now), displaysOf(now), 200);
        }
    }
}
