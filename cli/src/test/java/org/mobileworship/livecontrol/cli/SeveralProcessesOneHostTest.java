package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mobileworship.livecontrol.cli.OneHostNodes.awaitLinkedAndAcked;
import static org.mobileworship.livecontrol.cli.OneHostNodes.awaitOneLeader;
import static org.mobileworship.livecontrol.cli.OneHostNodes.controllerOf;
import static org.mobileworship.livecontrol.cli.OneHostNodes.displaysOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several livecontrol processes on one host, all bound to the same address (127.0.0.1), as with two display outputs of
 * one PC (one process each) or a controller beside a display on an operator's laptop: separate JVMs, each with its
 * own jmdns on the shared mDNS port. Started together or 2 s apart, they agree on one leader, the controller links to
 * both displays and its cues are acked by both; after the leader (or the controller) stops and starts again they
 * agree and link again, also when the leader is killed with kill -9 and restarted with its id. The LAN testbed's
 * scenario 13 does the same inside one host namespace.
 */
class SeveralProcessesOneHostTest {
    @TempDir
    Path logs;

    private OneHostNodes room;

    @BeforeEach
    void room() {
        room = new OneHostNodes(logs);
    }

    @AfterEach
    void killAll() {
        room.close();
    }

    @Test
    void startedTogetherTheyAgreeAndLinkAndAgainAfterTheControllerRestarts() throws Exception {
        CliProcess c = room.controller("booth");
        CliProcess audience = room.display("audience", "audience");
        CliProcess stage = room.display("stage", "stage");
        List<CliProcess> displays = List.of(audience, stage);
        awaitOneLeader(List.of(c, audience, stage));
        awaitLinkedAndAcked(c, displays, 1);

        // the operator closes the console and opens it again on the same laptop
        c.stop();
        awaitOneLeader(displays);
        CliProcess c2 = room.restart(c);
        awaitOneLeader(List.of(c2, audience, stage));
        awaitLinkedAndAcked(c2, displays, 100);
    }

    @Test
    void startedTwoSecondsApartTheyAgreeAndAgainAfterTheLeaderStopsOrIsKilledAndStartsAgain() throws Exception {
        List<CliProcess> all = room.startTwoSecondsApart();
        CliProcess leader = awaitOneLeader(all);
        awaitLinkedAndAcked(controllerOf(all), displaysOf(all), 1);

        // the leader's process is stopped (a display PC's output closed, the operator's console quit) and started again
        leader.stop();
        List<CliProcess> survivors = all.stream().filter(p -> p != leader).toList();
        assertThat(awaitOneLeader(survivors)).isNotSameAs(leader);
        List<CliProcess> now = new ArrayList<>(survivors);
        now.add(room.restart(leader));
        CliProcess second = awaitOneLeader(now);
        awaitLinkedAndAcked(controllerOf(now), displaysOf(now), 200);

        // then the leader's process dies (kill -9) and comes back with the same id on the same address: before the
        // jmdns fix in MdnsDiscovery.applyLatest the restarted node never heard the new leader and led itself
        second.kill9();
        List<CliProcess> rest = now.stream().filter(p -> p != second).toList();
        assertThat(awaitOneLeader(rest)).isNotSameAs(second);
        List<CliProcess> again = new ArrayList<>(rest);
        again.add(room.restart(second));
        awaitOneLeader(again);
        awaitLinkedAndAcked(controllerOf(again), displaysOf(again), 300);
    }
}
