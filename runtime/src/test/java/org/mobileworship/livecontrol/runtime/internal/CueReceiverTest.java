package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.Revision;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;

/** The receiving side of a display: who may drive it, de-duplication, revision order and the answers. */
class CueReceiverTest {
    private final PeerId self = PeerId.of("stage");
    private final PeerId controller = PeerId.of("booth");
    private final PeerId otherDisplay = PeerId.of("lobby");
    private final EventBus events = new EventBus("test");
    private final List<LiveControlEvent> seen = new CopyOnWriteArrayList<>();
    private final PeerRegistry registry = new PeerRegistry(self);
    private final NodeState state = new NodeState();

    @BeforeEach
    void setUp() {
        events.subscribe(seen::add);
        registry.replace(List.of(
                new PeerInfo(controller, PeerType.controller(), "booth", false, null),
                new PeerInfo(otherDisplay, PeerType.display(DisplayClass.LOBBY), "lobby", false, null)), p -> false);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private CueReceiver receiver(PeerType type) {
        return new CueReceiver(new NodeIdentity(self, type, "stage", 0), 16, registry, state, events,
                Clock.systemUTC());
    }

    private static DataFrame slide(String id, long counter, int index) {
        return Frames.message(id, counter > 0 ? new Revision(counter, "booth") : null,
                new LiveControlMessage.Slide("e", "song", index));
    }

    @Test
    void appliesAControllersCueAcksItAndAcksADuplicateWithoutApplyingItTwice() {
        CueReceiver r = receiver(PeerType.display(DisplayClass.AUDIENCE));
        PeerChannel ch = new PeerChannel(controller, false);
        FakeLink link = new FakeLink(controller, "fake");
        r.onCue(ch, link, slide("m1", 10, 3));
        assertThat(state.snapshot().slideIndex()).isEqualTo(3);
        assertThat(link.last().getAck().getMessageId()).isEqualTo("m1");
        assertThat(link.last().getAck().getAppliedRevision().getCounter()).isEqualTo(10);

        r.onCue(ch, link, slide("m1", 10, 3));
        assertThat(link.sent).hasSize(2);
        assertThat(link.last().hasAck()).as("a duplicate is acked: the first ack may be what got lost").isTrue();
        await().until(() -> seen.stream().filter(e -> e instanceof LiveControlEvent.MessageReceived).count() == 1
                && seen.stream().filter(e -> e instanceof LiveControlEvent.StateApplied).count() == 1);
    }

    @Test
    void anOlderRevisionIsAckedButDoesNotOverrideANewerOne() {
        CueReceiver r = receiver(PeerType.display(DisplayClass.AUDIENCE));
        PeerChannel ch = new PeerChannel(controller, false);
        FakeLink link = new FakeLink(controller, "fake");
        r.onCue(ch, link, slide("new", 20, 5));
        r.onCue(ch, link, slide("old", 10, 2));
        assertThat(state.snapshot().slideIndex()).isEqualTo(5);
        assertThat(link.last().getAck().getAppliedRevision().getCounter()).isEqualTo(20);
    }

    @Test
    void aSeedCueWithoutRevisionIsTakenAsTheNewest() {
        CueReceiver r = receiver(PeerType.display(DisplayClass.AUDIENCE));
        PeerChannel ch = new PeerChannel(controller, false);
        FakeLink link = new FakeLink(controller, "fake", org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.JSON, true);
        r.onCue(ch, link, slide("a", 50, 1));
        r.onCue(ch, link, slide("b", 0, 2));
        assertThat(state.snapshot().slideIndex()).isEqualTo(2);
        assertThat(state.revision().counter()).isEqualTo(51);
    }

    @Test
    void refusesStrangersOtherDisplaysAndCuesToAController() {
        CueReceiver display = receiver(PeerType.display(DisplayClass.AUDIENCE));
        FakeLink strangerLink = new FakeLink(PeerId.of("phone"), "fake");
        display.onCue(new PeerChannel(PeerId.of("phone"), false), strangerLink, slide("s", 5, 9));
        assertThat(strangerLink.last().getError().getCode()).isEqualTo(ErrorCodes.UNKNOWN_PEER);

        FakeLink displayLink = new FakeLink(otherDisplay, "fake");
        display.onCue(new PeerChannel(otherDisplay, false), displayLink, slide("d", 5, 9));
        assertThat(displayLink.last().getError().getCode()).isEqualTo(ErrorCodes.NOT_ALLOWED);
        assertThat(displayLink.last().getError().getMessageId()).isEqualTo("d");

        FakeLink toController = new FakeLink(controller, "fake");
        receiver(PeerType.controller()).onCue(new PeerChannel(controller, false), toController, slide("c", 5, 9));
        assertThat(toController.last().getError().getCode()).isEqualTo(ErrorCodes.NOT_ALLOWED);

        assertThat(state.snapshot().slideIndex()).as("nothing applied").isZero();
    }
}
