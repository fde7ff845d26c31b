package org.mobileworship.livecontrol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.Config;

class ApiTypesTest {

    @Test
    void peerIdsAreValidatedWithTheReason() {
        assertThat(PeerId.random().value()).hasSize(36);
        assertThatThrownBy(() -> PeerId.of(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> PeerId.of("x".repeat(129))).hasMessageContaining("129 characters, the limit is 128");
        assertThatThrownBy(() -> PeerId.of("a\nb")).hasMessageContaining("control character at index 1");
    }

    @Test
    void revisionsOrderByCounterThenControllerId() {
        Revision a = new Revision(3, "ctrl-a");
        Revision b = new Revision(3, "ctrl-b");
        Revision later = new Revision(4, "ctrl-a");
        assertThat(b.isNewerThan(a)).isTrue();
        assertThat(later.isNewerThan(b)).isTrue();
        assertThat(a.isNewerThan(a)).isFalse();
        assertThat(Revision.ZERO.isNewerThan(a)).isFalse();
        assertThatThrownBy(() -> new Revision(-1, "x")).hasMessageContaining(">= 0");
    }

    @Test
    void peerTypesParseTheSeedsWireNamesAndToleratesNewOnes() {
        assertThat(PeerType.fromWire("controller", null)).isEqualTo(PeerType.controller());
        assertThat(PeerType.fromWire("display", "stage")).isEqualTo(PeerType.display(DisplayClass.STAGE));
        assertThat(PeerType.fromWire("display", "ceiling")).as("unknown class from a newer peer")
                .isEqualTo(PeerType.display(DisplayClass.AUDIENCE));
        assertThat(PeerType.fromWire("projector-bot", null)).isEqualTo(new PeerType.Other("projector-bot"));
        assertThat(PeerType.controller().electionRank()).isGreaterThan(PeerType.display(DisplayClass.LOBBY).electionRank());
        assertThat(PeerType.display(DisplayClass.LOBBY).electionRank()).isGreaterThan(new PeerType.Other("x").electionRank());
    }

    @Test
    void audienceSelectsDisplaysByClass() {
        assertThat(Audience.displays().includes(PeerType.display(DisplayClass.LOBBY))).isTrue();
        assertThat(Audience.displays().includes(PeerType.controller())).isFalse();
        assertThat(Audience.displays(DisplayClass.STAGE).includes(PeerType.display(DisplayClass.AUDIENCE))).isFalse();
        assertThat(Audience.displays(DisplayClass.STAGE).includes(PeerType.display(DisplayClass.STAGE))).isTrue();
    }

    @Test
    void leaderStatusRejectsImpossibleStates() {
        assertThat(LeaderStatus.none().hasLeader()).isFalse();
        assertThatThrownBy(() -> new LeaderStatus(null, true, 1, null)).hasMessageContaining("without a leader id");
    }

    @Test
    void configTypedGettersNameTheKeyOnBadValues() {
        Map<String, String> values = Map.of("d", "250ms", "i", "x", "b", "yes");
        Config c = key -> Optional.ofNullable(values.get(key));
        assertThat(c.getDuration("d", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.getInt("missing", 7)).isEqualTo(7);
        assertThatThrownBy(() -> c.getInt("i", 0)).hasMessage("invalid value 'x' for config key i: expected an integer");
        assertThatThrownBy(() -> c.getBoolean("b", false)).hasMessageContaining("true or false");
    }

    @Test
    void builderWithoutARuntimeNamesTheArtifact() {
        // the api module's own test classpath has no runtime: exactly what a user who forgot it sees
        assertThatThrownBy(LiveControl::builder).isInstanceOf(LiveControlException.class)
                .hasMessage("No livecontrol runtime on the classpath: add org.mobileworship.livecontrol:livecontrol-runtime");
    }

    @Test
    void deliveryExceptionsNamePeerAndMessage() {
        PeerId p = PeerId.of("stage-tv");
        DeliveryException e = new DeliveryException(DeliveryException.Reason.TIMEOUT, p, "m-1", "no ack");
        assertThat(e.getMessage()).isEqualTo("TIMEOUT: message m-1 to peer stage-tv: no ack");
        assertThat(e.reason()).isEqualTo(DeliveryException.Reason.TIMEOUT);
    }
}
