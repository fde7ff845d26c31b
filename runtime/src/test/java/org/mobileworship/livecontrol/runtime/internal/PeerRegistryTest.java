package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;

class PeerRegistryTest {
    private final PeerId self = PeerId.of("booth");
    private final PeerInfo stage = new PeerInfo(PeerId.of("stage"), PeerType.display(DisplayClass.STAGE), "stage",
            false, null, EnumSet.of(LinkEncoding.PROTOBUF));
    private final PeerInfo seedTv = new PeerInfo(PeerId.of("tv"), PeerType.display(DisplayClass.AUDIENCE), "tv",
            false, null);

    @Test
    void aNewListReplacesTheOldButKeepsPeersWithAnOpenLinkAndNeverThisNode() {
        PeerRegistry r = new PeerRegistry(self);
        r.replace(List.of(stage, seedTv), p -> false);
        Set<PeerId> before = r.replace(List.of(new PeerInfo(self, PeerType.controller(), "me", false, null)),
                p -> p.equals(stage.id()));
        assertThat(before).containsExactlyInAnyOrder(stage.id(), seedTv.id());
        assertThat(r.contains(self)).isFalse();
        assertThat(r.contains(stage.id())).as("its link is open: it is still in the session").isTrue();
        assertThat(r.contains(seedTv.id())).isFalse();
    }

    @Test
    void aPeerKeptOnlyForItsLinkIsDroppedOnceThatLinkIsGoneButAListedOneStays() {
        PeerRegistry r = new PeerRegistry(self);
        r.replace(List.of(stage, seedTv), p -> false);
        r.replace(List.of(seedTv), p -> p.equals(stage.id())); // the leader dropped stage; our link to it is open
        assertThat(r.contains(stage.id())).isTrue();
        assertThat(r.listed(stage.id())).isFalse();
        assertThat(r.dropUnlisted(seedTv.id())).as("listed: stays").isFalse();
        assertThat(r.contains(seedTv.id())).isTrue();
        assertThat(r.dropUnlisted(stage.id())).as("its link closed: it left").isTrue();
        assertThat(r.contains(stage.id())).isFalse();
        assertThat(r.dropUnlisted(stage.id())).isFalse();
    }

    @Test
    void onlyPeersThatDeclaredTheirEncodingsArePinged() {
        PeerRegistry r = new PeerRegistry(self);
        r.replace(List.of(stage, seedTv), p -> false);
        assertThat(r.answersPings(stage.id())).isTrue();
        assertThat(r.answersPings(seedTv.id())).isFalse();
        assertThat(r.typeOf(PeerId.of("nobody"))).isNull();
    }

    @Test
    void theViewCarriesEachPeersLinkState() {
        PeerRegistry r = new PeerRegistry(self);
        r.replace(List.of(stage, seedTv), p -> false);
        PeerChannel ch = new PeerChannel(stage.id(), true);
        ch.current = new FakeLink(stage.id(), "webrtc");
        List<PeerInfo> view = r.view(id -> id.equals(stage.id()) ? ch : null);
        assertThat(view).extracting(PeerInfo::connected).containsExactly(true, false);
        assertThat(view.get(0).transport()).isEqualTo("webrtc");
    }

    @Test
    void revisionsNeverFallBehindTheWallClockNorWhatWasObserved() {
        Clock wall = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);
        RevisionClock c = new RevisionClock(self, wall);
        assertThat(c.next().counter()).isEqualTo(1_000);
        assertThat(c.next().counter()).isEqualTo(1_001);
        c.observe(5_000);
        assertThat(c.next().counter()).isEqualTo(5_001);
        c.observe(10);
        assertThat(c.next().counter()).isEqualTo(5_002);
    }
}
