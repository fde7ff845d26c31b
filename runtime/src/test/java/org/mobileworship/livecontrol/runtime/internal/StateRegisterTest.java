package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.Revision;

class StateRegisterTest {

    record Change(LiveControlMessage message, Revision revision) {
    }

    @Test
    void newerRevisionWinsOlderIsIgnored() {
        StateRegister r = new StateRegister();
        assertThat(r.apply(new LiveControlMessage.Slide("e", "i", 3), new Revision(2, "a"))).isTrue();
        assertThat(r.apply(new LiveControlMessage.Slide("e", "i", 1), new Revision(1, "b"))).isFalse();
        assertThat(r.state().slideIndex()).isEqualTo(3);
        assertThat(r.apply(new LiveControlMessage.Slide("e", "i", 5), new Revision(2, "b"))).isTrue();
        assertThat(r.state().slideIndex()).as("equal counter: controller id breaks the tie").isEqualTo(5);
    }

    @Test
    void blackAndSlideAreIndependentRegisters() {
        StateRegister r = new StateRegister();
        r.apply(new LiveControlMessage.Slide("e", "i", 4), new Revision(5, "a"));
        // an older black toggle from another controller still applies: it concerns another field
        assertThat(r.apply(new LiveControlMessage.Black("e", true), new Revision(3, "b"))).isTrue();
        assertThat(r.state()).isEqualTo(new LiveState("e", "i", 4, true, new Revision(5, "a")));
    }

    @Test
    void duplicatesAreIdempotent() {
        StateRegister r = new StateRegister();
        Revision rev = new Revision(1, "a");
        assertThat(r.apply(new LiveControlMessage.Black("e", true), rev)).isTrue();
        assertThat(r.apply(new LiveControlMessage.Black("e", true), rev)).isFalse();
        assertThat(r.state().black()).isTrue();
    }

    @Test
    void syncNeverOverridesNewerFields() {
        StateRegister r = new StateRegister();
        r.apply(new LiveControlMessage.Black("e", true), new Revision(9, "b"));
        boolean changed = r.applySync("e", "song", 2, new Revision(7, "a"), false, new Revision(4, "a"));
        assertThat(changed).isTrue();
        assertThat(r.state().slideIndex()).isEqualTo(2);
        assertThat(r.state().black()).as("black at revision 9 beats the sync's black at 4").isTrue();
    }

    @Test
    void anyArrivalOrderConvergesToTheSameState() {
        Random random = new Random(20261121);
        for (int schedule = 0; schedule < 500; schedule++) {
            List<Change> changes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String controller = random.nextBoolean() ? "ctrl-a" : "ctrl-b";
                Revision rev = new Revision(1 + random.nextInt(8), controller);
                changes.add(random.nextInt(3) == 0
                        ? new Change(new LiveControlMessage.Black("e", random.nextBoolean()), rev)
                        : new Change(new LiveControlMessage.Slide("e", "item" + random.nextInt(3), random.nextInt(10)), rev));
            }
            // distinct revisions per field, as controllers issue them (one Lamport tick per change)
            List<Change> unique = dedupeRevisions(changes);
            LiveState first = null;
            for (int order = 0; order < 6; order++) {
                List<Change> shuffled = new ArrayList<>(unique);
                Collections.shuffle(shuffled, random);
                shuffled.addAll(unique.subList(0, unique.size() / 2)); // retries: duplicates arrive late
                StateRegister r = new StateRegister();
                shuffled.forEach(c -> r.apply(c.message(), c.revision()));
                if (first == null) {
                    first = r.state();
                } else {
                    assertThat(r.state()).as("schedule %d order %d", schedule, order).isEqualTo(first);
                }
            }
        }
    }

    private static List<Change> dedupeRevisions(List<Change> changes) {
        List<Change> out = new ArrayList<>();
        java.util.Set<Revision> seen = new java.util.HashSet<>();
        for (Change c : changes) {
            if (seen.add(c.revision())) {
                out.add(c);
            }
        }
        return out;
    }
}
