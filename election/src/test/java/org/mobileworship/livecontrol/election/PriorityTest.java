package org.mobileworship.livecontrol.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

class PriorityTest {

    private static Priority p(PeerType type, long started, String id) {
        return Priority.of(new Announcement(PeerId.of(id), type, id, started, null, 0, 0, 1));
    }

    @Test
    void peerTypeRankDominatesStartTimeAndId() {
        Priority controllerLate = p(PeerType.controller(), 9_000, "zzz");
        Priority displayEarly = p(PeerType.display(DisplayClass.STAGE), 1, "aaa");
        Priority otherEarliest = p(new PeerType.Other("projector-v9"), 0, "000");
        assertThat(controllerLate.beats(displayEarly)).isTrue();
        assertThat(displayEarly.beats(otherEarliest)).isTrue();
        assertThat(controllerLate.beats(otherEarliest)).isTrue();
        assertThat(otherEarliest.beats(displayEarly)).isFalse();
    }

    @Test
    void displayClassDoesNotMatter() {
        Priority stage = p(PeerType.display(DisplayClass.STAGE), 5, "b");
        Priority audience = p(PeerType.display(DisplayClass.AUDIENCE), 5, "a");
        assertThat(audience.beats(stage)).isTrue(); // decided by id only
    }

    @Test
    void earlierStartWinsWithinARank() {
        Priority early = p(PeerType.controller(), 1_000, "ffff");
        Priority late = p(PeerType.controller(), 1_001, "0000");
        assertThat(early.beats(late)).isTrue();
        assertThat(late.beats(early)).isFalse();
    }

    @Test
    void lexicographicallySmallerIdBreaksFullTies() {
        Priority a = p(PeerType.controller(), 1_000, "0b7c-aaaa");
        Priority b = p(PeerType.controller(), 1_000, "0b7c-aaab");
        assertThat(a.beats(b)).isTrue();
        assertThat(b.beats(a)).isFalse();
        assertThat(a.compareTo(a)).isZero();
        assertThat(a.beats(a)).isFalse();
    }

    @Test
    void maximumOfACollectionIsTheWinnerWhateverTheOrder() {
        List<Priority> all = new ArrayList<>(List.of(
                p(PeerType.display(DisplayClass.LOBBY), 1, "d1"),
                p(PeerType.controller(), 50, "c2"),
                p(PeerType.controller(), 40, "c9"),
                p(PeerType.controller(), 40, "c3"),
                p(new PeerType.Other("x"), 0, "o")));
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(all);
            assertThat(Collections.max(all).peerId()).isEqualTo(PeerId.of("c3"));
        }
    }

    @Test
    void rankComesFromThePeerTypeNotAFreeNumber() {
        Priority q = p(PeerType.display(DisplayClass.AUDIENCE), 1, "x");
        assertThat(q.rank()).isEqualTo(1);
    }
}
