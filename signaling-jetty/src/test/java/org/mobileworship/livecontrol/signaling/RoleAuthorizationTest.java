package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.RawWs;

/**
 * The server forwards only what a registered role may send (security threat "display-role cue" in
 * docs/security.md): signaling runs between a controller and a display, and cues come only from controllers.
 * Every client here speaks the seed's literal JSON to a real Jetty server, as an untrusted device would.
 */
class RoleAuthorizationTest {
    private static final String REGISTER =
            "{\"type\":\"register\",\"peerId\":\"%s\",\"peerType\":\"%s\",\"displayName\":\"%s\"%s}";
    private static final String SLIDE_RELAY = "{\"type\":\"relay\",\"targetPeerId\":\"%s\",\"data\":"
            + "{\"type\":\"slide\",\"eventId\":\"e1\",\"itemId\":\"defaced\",\"slideIndex\":66,\"messageId\":\"m-1\"}}";
    private static final String BLACK_RELAY = "{\"type\":\"relay\",\"targetPeerId\":\"%s\",\"data\":"
            + "{\"type\":\"black\",\"eventId\":\"e1\",\"isBlack\":true,\"messageId\":\"m-2\"}}";

    private Fixture fx;
    private RawWs stage;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(Map.of()).start();
        stage = register("stage-tv", "display", ",\"displayClass\":\"stage\"");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private RawWs register(String id, String type, String extra) throws Exception {
        RawWs ws = fx.raw();
        ws.text(String.format(REGISTER, id, type, id, extra));
        assertThat(ws.nextJson("registered").path("peerId").asText()).isEqualTo(id);
        return ws;
    }

    /** Waits for {@code ws}'s next error and checks that {@code victim} received nothing but peer lists. */
    private static JsonNode refused(RawWs ws, RawWs victim) throws Exception {
        JsonNode error = ws.nextJson("error");
        assertThat(error.path("code").asText()).isEqualTo("not-allowed");
        for (String t : victim.texts) {
            assertThat(t).contains("\"peer-list\"");
        }
        return error;
    }

    @Test
    void aDisplayCannotRelayCuesToAnotherDisplay() throws Exception {
        RawWs rogue = register("rogue-display", "display", ",\"displayClass\":\"lobby\"");
        stage.texts.clear();

        rogue.text(String.format(SLIDE_RELAY, "stage-tv"));
        JsonNode error = refused(rogue, stage);
        assertThat(error.path("targetPeerId").asText()).isEqualTo("stage-tv");
        assertThat(error.path("message").asText()).contains("display may not send 'relay' to another display");

        rogue.text(String.format(BLACK_RELAY, "stage-tv"));
        refused(rogue, stage);
    }

    @Test
    void aDisplayCannotOpenALinkToAnotherDisplay() throws Exception {
        RawWs rogue = register("rogue-display", "display", "");
        stage.texts.clear();
        rogue.text("{\"type\":\"offer\",\"targetPeerId\":\"stage-tv\",\"sdp\":\"v=0\"}");
        refused(rogue, stage);
        rogue.text("{\"type\":\"ice-candidate\",\"targetPeerId\":\"stage-tv\",\"candidate\":\"candidate:1 1 udp 1 "
                + "127.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        refused(rogue, stage);
    }

    @Test
    void aDisplayCannotSendCuesToAController() throws Exception {
        RawWs booth = register("booth", "controller", "");
        booth.texts.clear();
        stage.text(String.format(SLIDE_RELAY, "booth"));
        JsonNode error = refused(stage, booth);
        assertThat(error.path("message").asText()).contains("only controllers send cues");
    }

    @Test
    void controllersDoNotSignalEachOther() throws Exception {
        RawWs booth = register("booth", "controller", "");
        RawWs other = register("other-booth", "controller", "");
        booth.texts.clear();
        other.text("{\"type\":\"offer\",\"targetPeerId\":\"booth\",\"sdp\":\"v=0\"}");
        refused(other, booth);
    }

    @Test
    void controllerCuesAndDisplayAnswersStillFlow() throws Exception {
        RawWs booth = register("booth", "controller", "");
        booth.text(String.format(SLIDE_RELAY, "stage-tv"));
        JsonNode relayed = stage.nextJson("relay");
        assertThat(relayed.path("fromPeerId").asText()).isEqualTo("booth");
        assertThat(relayed.path("data").path("slideIndex").asInt()).isEqualTo(66);

        stage.text("{\"type\":\"relay\",\"targetPeerId\":\"booth\",\"data\":{\"type\":\"ack\",\"messageId\":\"m-1\"}}");
        JsonNode ack = booth.nextJson("relay");
        assertThat(ack.path("fromPeerId").asText()).isEqualTo("stage-tv");
        assertThat(ack.path("data").path("type").asText()).isEqualTo("ack");

        stage.text("{\"type\":\"offer\",\"targetPeerId\":\"booth\",\"sdp\":\"v=0\"}");
        assertThat(booth.nextJson("offer").path("fromPeerId").asText()).isEqualTo("stage-tv");
    }
}
