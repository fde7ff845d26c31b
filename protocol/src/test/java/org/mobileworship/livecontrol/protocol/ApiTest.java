package org.mobileworship.livecontrol.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

class ApiTest {

    @Test
    void wireFormatsRoundTripThroughSubprotocols() {
        assertThat(WireFormat.JSON.subprotocol()).isEqualTo("livecontrol.v1.json");
        assertThat(WireFormat.PROTOBUF.subprotocol()).isEqualTo("livecontrol.v1.proto");
        for (WireFormat f : WireFormat.values()) {
            assertThat(WireFormat.fromSubprotocol(f.subprotocol())).contains(f);
        }
        assertThat(WireFormat.fromSubprotocol("livecontrol.v2.json")).isEmpty();
        assertThat(WireFormat.fromSubprotocol(null)).isEmpty();
    }

    @Test
    void codecForEachFormat() {
        assertThat(FrameCodec.of(WireFormat.JSON)).isSameAs(JsonFrameCodec.INSTANCE);
        assertThat(FrameCodec.of(WireFormat.PROTOBUF)).isSameAs(ProtobufFrameCodec.INSTANCE);
        for (WireFormat f : WireFormat.values()) {
            assertThat(FrameCodec.of(f).format()).isEqualTo(f);
        }
    }

    @Test
    void errorCodesHaveKebabCaseWireCodes() {
        assertThat(ProtocolErrorCode.MALFORMED.wireCode()).isEqualTo("malformed");
        assertThat(ProtocolErrorCode.UNKNOWN_TYPE.wireCode()).isEqualTo("unknown-type");
        assertThat(ProtocolErrorCode.MISSING_FIELD.wireCode()).isEqualTo("missing-field");
        assertThat(ProtocolErrorCode.INVALID_FIELD.wireCode()).isEqualTo("invalid-field");
        assertThat(ProtocolErrorCode.TOO_LARGE.wireCode()).isEqualTo("too-large");
        for (ProtocolErrorCode c : ProtocolErrorCode.values()) {
            assertThat(ProtocolErrorCode.fromWireCode(c.wireCode())).contains(c);
        }
        assertThat(ProtocolErrorCode.fromWireCode("nope")).isEmpty();
    }

    @Test
    void limits() {
        assertThat(ProtocolLimits.MAX_DATA_FRAME_BYTES).isEqualTo(16384);
        assertThat(ProtocolLimits.MAX_SIGNALING_FRAME_BYTES).isEqualTo(65536);
    }

    @Test
    void absentOptionalFieldsStayAbsentOnEncode() {
        DataFrame slide = DataFrame.newBuilder().setMessageId("m")
                .setSlide(org.mobileworship.livecontrol.protocol.v1.Slide.newBuilder()
                        .setEventId("e").setItemId("i").setSlideIndex(0))
                .build();
        assertThat(JsonFrameCodec.INSTANCE.encodeDataText(slide))
                .isEqualTo("{\"type\":\"slide\",\"eventId\":\"e\",\"itemId\":\"i\",\"slideIndex\":0,\"messageId\":\"m\"}");
        SignalingFrame offer = SignalingFrame.newBuilder()
                .setOffer(org.mobileworship.livecontrol.protocol.v1.Offer.newBuilder()
                        .setTargetPeerId("d").setSdp("v=0"))
                .build();
        assertThat(JsonFrameCodec.INSTANCE.encodeSignalingText(offer))
                .isEqualTo("{\"type\":\"offer\",\"targetPeerId\":\"d\",\"sdp\":\"v=0\"}");
    }

    @Test
    void encodingAFrameWithoutBodyIsAProgrammingError() {
        // JSON has no shape for "no body"; protobuf can encode it (the receiver then rejects it)
        assertThatThrownBy(() -> JsonFrameCodec.INSTANCE.encodeData(DataFrame.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
