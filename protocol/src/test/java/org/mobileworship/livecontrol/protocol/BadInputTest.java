package org.mobileworship.livecontrol.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.INVALID_FIELD;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.MALFORMED;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.MISSING_FIELD;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.TOO_LARGE;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.UNKNOWN_TYPE;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.LiveState;
import org.mobileworship.livecontrol.protocol.v1.Register;
import org.mobileworship.livecontrol.protocol.v1.Relay;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.protocol.v1.Sync;

/** Every decoding rule, with the exact error code and a telling part of the message. */
class BadInputTest {
    private static final JsonFrameCodec JSON = JsonFrameCodec.INSTANCE;
    private static final ProtobufFrameCodec PROTO = ProtobufFrameCodec.INSTANCE;

    private static final String SLIDE_OK = "\"type\":\"slide\",\"eventId\":\"e\",\"itemId\":\"i\",\"messageId\":\"m\"";

    static Stream<Arguments> badDataJson() {
        return Stream.of(
                // malformed
                arguments("", MALFORMED, "malformed JSON"),
                arguments("   ", MALFORMED, "malformed JSON"),
                arguments("{\"type\":\"ping\"", MALFORMED, "malformed JSON"),
                arguments("[{\"type\":\"ping\",\"timestamp\":1}]", MALFORMED, "expected a JSON object, got array"),
                arguments("\"ping\"", MALFORMED, "expected a JSON object"),
                arguments("{\"type\":\"ping\",\"timestamp\":1} {}", MALFORMED, "malformed JSON"),
                arguments("{\"type\":\"ping\",\"type\":\"pong\",\"timestamp\":1}", MALFORMED, "Duplicate field"),
                // type
                arguments("{\"timestamp\":1}", UNKNOWN_TYPE, "missing message type field 'type'"),
                arguments("{\"type\":null,\"timestamp\":1}", UNKNOWN_TYPE, "missing message type field 'type'"),
                arguments("{\"type\":\"teleport\"}", UNKNOWN_TYPE, "unknown data message type 'teleport'"),
                arguments("{\"type\":7}", UNKNOWN_TYPE, "unknown message type 7"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\"}", UNKNOWN_TYPE, "'register'"),
                // slide
                arguments("{\"type\":\"slide\",\"itemId\":\"i\",\"slideIndex\":1,\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'eventId' in 'slide'"),
                arguments("{\"type\":\"slide\",\"eventId\":\"\",\"itemId\":\"i\",\"slideIndex\":1,\"messageId\":\"m\"}",
                        MISSING_FIELD, "missing required field 'eventId' in 'slide'"),
                arguments("{\"type\":\"slide\",\"eventId\":null,\"itemId\":\"i\",\"slideIndex\":1,\"messageId\":\"m\"}",
                        MISSING_FIELD, "missing required field 'eventId' in 'slide'"),
                arguments("{\"type\":\"slide\",\"eventId\":\"e\",\"slideIndex\":1,\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'itemId' in 'slide'"),
                arguments("{" + SLIDE_OK + "}", MISSING_FIELD, "missing required field 'slideIndex' in 'slide'"),
                arguments("{\"type\":\"slide\",\"eventId\":\"e\",\"itemId\":\"i\",\"slideIndex\":1}", MISSING_FIELD,
                        "missing required field 'messageId' in 'slide'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":3.5}", INVALID_FIELD, "invalid field 'slideIndex' in 'slide'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":3.0}", INVALID_FIELD, "expected a 32-bit integer"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1e2}", INVALID_FIELD, "'slideIndex'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":\"3\"}", INVALID_FIELD, "got string \"3\""),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":2147483648}", INVALID_FIELD, "expected a 32-bit integer"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":-2147483649}", INVALID_FIELD, "expected a 32-bit integer"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":99999999999999999999999}", INVALID_FIELD, "'slideIndex'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":true}", INVALID_FIELD, "got boolean"),
                arguments("{\"type\":\"slide\",\"eventId\":5,\"itemId\":\"i\",\"slideIndex\":1,\"messageId\":\"m\"}",
                        INVALID_FIELD, "invalid field 'eventId' in 'slide': expected a string"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1,\"revision\":{\"controllerId\":\"c\"}}", MISSING_FIELD,
                        "missing required field 'counter' in 'revision'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1,\"revision\":{\"counter\":1}}", MISSING_FIELD,
                        "missing required field 'controllerId' in 'revision'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1,\"revision\":{\"counter\":-1,\"controllerId\":\"c\"}}",
                        INVALID_FIELD, "invalid field 'counter' in 'revision'"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1,\"revision\":{\"counter\":18446744073709551616,"
                        + "\"controllerId\":\"c\"}}", INVALID_FIELD, "expected an unsigned 64-bit integer"),
                arguments("{" + SLIDE_OK + ",\"slideIndex\":1,\"revision\":5}", INVALID_FIELD,
                        "invalid field 'revision' in 'slide': expected an object"),
                // black
                arguments("{\"type\":\"black\",\"isBlack\":true,\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'eventId' in 'black'"),
                arguments("{\"type\":\"black\",\"eventId\":\"e\",\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'isBlack' in 'black'"),
                arguments("{\"type\":\"black\",\"eventId\":\"e\",\"isBlack\":true}", MISSING_FIELD,
                        "missing required field 'messageId' in 'black'"),
                arguments("{\"type\":\"black\",\"eventId\":\"e\",\"isBlack\":\"true\",\"messageId\":\"m\"}",
                        INVALID_FIELD, "invalid field 'isBlack' in 'black': expected a boolean"),
                arguments("{\"type\":\"black\",\"eventId\":\"e\",\"isBlack\":1,\"messageId\":\"m\"}",
                        INVALID_FIELD, "expected a boolean"),
                // sync
                arguments("{\"type\":\"sync\",\"fullState\":{},\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'eventId' in 'sync'"),
                arguments("{\"type\":\"sync\",\"eventId\":\"e\",\"messageId\":\"m\"}", MISSING_FIELD,
                        "missing required field 'fullState' in 'sync'"),
                arguments("{\"type\":\"sync\",\"eventId\":\"e\",\"fullState\":{}}", MISSING_FIELD,
                        "missing required field 'messageId' in 'sync'"),
                arguments("{\"type\":\"sync\",\"eventId\":\"e\",\"fullState\":[],\"messageId\":\"m\"}", INVALID_FIELD,
                        "invalid field 'fullState' in 'sync'"),
                arguments("{\"type\":\"sync\",\"eventId\":\"e\",\"fullState\":{\"slideIndex\":1.5},\"messageId\":\"m\"}",
                        INVALID_FIELD, "invalid field 'slideIndex' in 'fullState'"),
                arguments("{\"type\":\"sync\",\"eventId\":\"e\",\"fullState\":{\"isBlack\":\"no\"},\"messageId\":\"m\"}",
                        INVALID_FIELD, "invalid field 'isBlack' in 'fullState'"),
                // ping / pong
                arguments("{\"type\":\"ping\"}", MISSING_FIELD, "missing required field 'timestamp' in 'ping'"),
                arguments("{\"type\":\"pong\"}", MISSING_FIELD, "missing required field 'timestamp' in 'pong'"),
                arguments("{\"type\":\"ping\",\"timestamp\":\"123\"}", INVALID_FIELD, "invalid field 'timestamp' in 'ping'"),
                arguments("{\"type\":\"pong\",\"timestamp\":1.5}", INVALID_FIELD, "expected a 64-bit integer"),
                arguments("{\"type\":\"ping\",\"timestamp\":9223372036854775808}", INVALID_FIELD, "expected a 64-bit integer"),
                // ack / error
                arguments("{\"type\":\"ack\"}", MISSING_FIELD, "missing required field 'messageId' in 'ack'"),
                arguments("{\"type\":\"ack\",\"messageId\":42}", INVALID_FIELD, "invalid field 'messageId' in 'ack'"),
                arguments("{\"type\":\"ack\",\"messageId\":\"m\",\"revision\":{\"counter\":1}}", MISSING_FIELD,
                        "missing required field 'controllerId' in 'revision'"),
                arguments("{\"type\":\"error\",\"message\":\"x\"}", MISSING_FIELD, "missing required field 'code' in 'error'"),
                arguments("{\"type\":\"error\",\"code\":\"c\",\"message\":false}", INVALID_FIELD,
                        "invalid field 'message' in 'error'"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("badDataJson")
    void jsonDataIsRejected(String json, ProtocolErrorCode code, String messagePart) {
        assertRejected(() -> JSON.decodeDataText(json), code, messagePart);
    }

    static Stream<Arguments> badSignalingJson() {
        String longId = "p".repeat(129);
        return Stream.of(
                arguments("{\"type\":\"slide\",\"eventId\":\"e\"}", UNKNOWN_TYPE, "unknown signaling message type 'slide'"),
                arguments("{\"peerId\":\"p\"}", UNKNOWN_TYPE, "missing message type field 'type'"),
                arguments("nope", MALFORMED, "malformed JSON"),
                // register
                arguments("{\"type\":\"register\",\"peerType\":\"display\",\"displayName\":\"d\"}", MISSING_FIELD,
                        "missing required field 'peerId' in 'register'"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"displayName\":\"d\"}", MISSING_FIELD,
                        "missing required field 'peerType' in 'register'"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"admin\"}", INVALID_FIELD,
                        "invalid field 'peerType' in 'register'"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"Display\"}", INVALID_FIELD,
                        "got \"Display\""),
                arguments("{\"type\":\"register\",\"peerId\":\"" + longId + "\",\"peerType\":\"display\"}",
                        INVALID_FIELD, "invalid field 'peerId' in 'register': 129 characters exceeds the limit of 128"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\\u0000\",\"peerType\":\"display\"}", INVALID_FIELD,
                        "contains control character U+0000"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\\nq\",\"peerType\":\"display\"}", INVALID_FIELD,
                        "contains control character U+000A"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"displayName\":5}",
                        INVALID_FIELD, "invalid field 'displayName' in 'register'"),
                arguments("{\"type\":\"registered\",\"peerId\":\"p\",\"term\":-1}", INVALID_FIELD,
                        "invalid field 'term' in 'registered'"),
                // offer / answer / ice-candidate
                arguments("{\"type\":\"offer\",\"sdp\":\"v=0\"}", MISSING_FIELD, "missing required field 'targetPeerId' in 'offer'"),
                arguments("{\"type\":\"offer\",\"targetPeerId\":\"d\"}", MISSING_FIELD, "missing required field 'sdp' in 'offer'"),
                arguments("{\"type\":\"answer\",\"sdp\":\"v=0\"}", MISSING_FIELD, "missing required field 'targetPeerId' in 'answer'"),
                arguments("{\"type\":\"answer\",\"targetPeerId\":\"c\",\"sdp\":\"\"}", MISSING_FIELD,
                        "missing required field 'sdp' in 'answer'"),
                arguments("{\"type\":\"offer\",\"targetPeerId\":\"d\",\"fromPeerId\":\"" + longId + "\",\"sdp\":\"v\"}",
                        INVALID_FIELD, "invalid field 'fromPeerId' in 'offer'"),
                arguments("{\"type\":\"ice-candidate\",\"candidate\":\"c\"}", MISSING_FIELD,
                        "missing required field 'targetPeerId' in 'ice-candidate'"),
                arguments("{\"type\":\"ice-candidate\",\"targetPeerId\":\"d\"}", MISSING_FIELD,
                        "missing required field 'candidate' in 'ice-candidate'"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"encodings\":\"json\"}",
                        INVALID_FIELD, "invalid field 'encodings' in 'register': expected an array of strings"),
                arguments("{\"type\":\"register\",\"peerId\":\"p\",\"peerType\":\"display\",\"encodings\":[\"JSON\"]}",
                        INVALID_FIELD, "invalid field 'encodings' in 'register': expected \"json\" and/or \"protobuf\""),
                arguments("{\"type\":\"ice-candidate\",\"targetPeerId\":\"d\",\"candidate\":\"c\",\"sdpMLineIndex\":\"0\"}",
                        INVALID_FIELD, "invalid field 'sdpMLineIndex' in 'ice-candidate'"),
                // peer-list
                arguments("{\"type\":\"peer-list\",\"peers\":{}}", INVALID_FIELD, "invalid field 'peers' in 'peer-list'"),
                arguments("{\"type\":\"peer-list\",\"peers\":[1]}", INVALID_FIELD, "expected an array of objects"),
                arguments("{\"type\":\"peer-list\",\"peers\":[{\"peerId\":\"p\",\"peerType\":\"tv\"}]}", INVALID_FIELD,
                        "invalid field 'peerType' in 'peer-list'"),
                // heartbeat
                arguments("{\"type\":\"heartbeat\",\"timestamp\":\"now\"}", INVALID_FIELD,
                        "invalid field 'timestamp' in 'heartbeat'"),
                arguments("{\"type\":\"heartbeat-ack\",\"timestamp\":0.5}", INVALID_FIELD,
                        "invalid field 'timestamp' in 'heartbeat-ack'"),
                // transport-signal
                arguments("{\"type\":\"transport-signal\",\"targetPeerId\":\"d\",\"payload\":\"AA==\"}", MISSING_FIELD,
                        "missing required field 'transport' in 'transport-signal'"),
                arguments("{\"type\":\"transport-signal\",\"targetPeerId\":\"d\",\"transport\":\"My Udp\"}",
                        INVALID_FIELD, "invalid field 'transport' in 'transport-signal': only a-z"),
                arguments("{\"type\":\"transport-signal\",\"targetPeerId\":\"d\",\"transport\":\"udp\",\"payload\":\"*not base64*\"}",
                        INVALID_FIELD, "invalid field 'payload' in 'transport-signal'"),
                arguments("{\"type\":\"transport-signal\",\"targetPeerId\":\"d\",\"transport\":\"udp\",\"payload\":\""
                        + java.util.Base64.getEncoder().encodeToString(new byte[32 * 1024 + 1]) + "\"}",
                        TOO_LARGE, "transport-signal payload of 32769 bytes exceeds the limit of 32768 bytes"),
                // relay
                arguments("{\"type\":\"relay\",\"data\":{\"type\":\"ping\",\"timestamp\":1}}", MISSING_FIELD,
                        "missing required field 'targetPeerId' in 'relay'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\"}", MISSING_FIELD, "missing required field 'data' in 'relay'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\",\"data\":\"ping\"}", INVALID_FIELD,
                        "invalid field 'data' in 'relay'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\",\"data\":{\"type\":\"ping\"}}", MISSING_FIELD,
                        "in relay data: missing required field 'timestamp' in 'ping'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\",\"data\":{\"type\":\"slide\",\"eventId\":\"e\","
                        + "\"itemId\":\"i\",\"slideIndex\":1}}", MISSING_FIELD,
                        "in relay data: missing required field 'messageId' in 'slide'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\",\"data\":{\"type\":\"warp\"}}", UNKNOWN_TYPE,
                        "in relay data: unknown data message type 'warp'"),
                arguments("{\"type\":\"relay\",\"targetPeerId\":\"d\",\"data\":{\"type\":\"error\",\"code\":\"c\","
                        + "\"message\":\"" + "x".repeat(20_000) + "\"}}", TOO_LARGE, "relayed data frame of"),
                // error
                arguments("{\"type\":\"error\",\"message\":\"m\"}", MISSING_FIELD, "missing required field 'code' in 'error'"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("badSignalingJson")
    void jsonSignalingIsRejected(String json, ProtocolErrorCode code, String messagePart) {
        assertRejected(() -> JSON.decodeSignalingText(json), code, messagePart);
    }

    @Test
    void sizeIsCheckedFirstAndNamesSizeAndLimit() {
        byte[] bigData = new byte[ProtocolLimits.MAX_DATA_FRAME_BYTES + 1]; // zeros: not even valid input
        byte[] bigSignaling = new byte[ProtocolLimits.MAX_SIGNALING_FRAME_BYTES + 1];
        for (FrameCodec codec : new FrameCodec[] {JSON, PROTO}) {
            assertRejected(() -> codec.decodeData(bigData), TOO_LARGE,
                    "data frame of 16385 bytes exceeds the limit of 16384 bytes");
            assertRejected(() -> codec.decodeSignaling(bigSignaling), TOO_LARGE,
                    "signaling frame of 65537 bytes exceeds the limit of 65536 bytes");
        }
        String padded = "{\"type\":\"ping\",\"timestamp\":1,\"pad\":\"" + "x".repeat(20_000) + "\"}";
        assertRejected(() -> JSON.decodeDataText(padded), TOO_LARGE, "exceeds the limit of 16384");
    }

    @Test
    void framesAtTheLimitAreAccepted() throws Exception {
        String head = "{\"type\":\"ping\",\"timestamp\":1,\"pad\":\"";
        String tail = "\"}";
        String exact = head + "x".repeat(ProtocolLimits.MAX_DATA_FRAME_BYTES - head.length() - tail.length()) + tail;
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(ProtocolLimits.MAX_DATA_FRAME_BYTES);
        assertThat(JSON.decodeDataText(exact).getPing().getTimestamp()).isEqualTo(1);
    }

    @Test
    void nullInputIsMalformedNotAnNpe() {
        for (FrameCodec codec : new FrameCodec[] {JSON, PROTO}) {
            assertRejected(() -> codec.decodeData(null), MALFORMED, "null");
            assertRejected(() -> codec.decodeSignaling(null), MALFORMED, "null");
        }
        assertRejected(() -> JSON.decodeDataText(null), MALFORMED, "null");
        assertRejected(() -> JSON.decodeSignalingText(null), MALFORMED, "null");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRejected(() -> JSON.decodeData(bytes), MALFORMED, "malformed JSON");
    }

    @Test
    void unknownJsonFieldsAreIgnored() throws Exception {
        DataFrame f = JSON.decodeDataText("{\"type\":\"ping\",\"timestamp\":5,\"future\":{\"x\":[1,2]}}");
        assertThat(f.getPing().getTimestamp()).isEqualTo(5);
    }

    // ---- protobuf ----

    @Test
    void protobufGarbageIsMalformed() {
        assertRejected(() -> PROTO.decodeData(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), MALFORMED,
                "malformed protobuf data frame");
        assertRejected(() -> PROTO.decodeSignaling(new byte[] {0x0A, 0x05, 0x01}), MALFORMED,
                "malformed protobuf signaling frame");
    }

    @Test
    void protobufInvalidUtf8StringIsMalformed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeBytes(1, ByteString.copyFrom(new byte[] {(byte) 0xC3, (byte) 0x28})); // message_id
        c.flush();
        assertRejected(() -> PROTO.decodeData(out.toByteArray()), MALFORMED, "malformed protobuf");
    }

    @Test
    void protobufFrameWithoutBodyIsUnknownType() {
        assertRejected(() -> PROTO.decodeData(new byte[0]), UNKNOWN_TYPE, "data frame has no known body");
        assertRejected(() -> PROTO.decodeSignaling(new byte[0]), UNKNOWN_TYPE, "signaling frame has no known body");
        byte[] messageIdOnly = DataFrame.newBuilder().setMessageId("m").build().toByteArray();
        assertRejected(() -> PROTO.decodeData(messageIdOnly), UNKNOWN_TYPE, "no known body");
    }

    @Test
    void protobufFrameFromANewerPeerIsUnknownTypeNamingTheField() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeString(1, "m");
        c.writeBytes(99, ByteString.copyFromUtf8("\u0008\u0001")); // a body case this version doesn't know
        c.flush();
        assertRejected(() -> PROTO.decodeData(out.toByteArray()), UNKNOWN_TYPE, "unknown field numbers [99]");

        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        CodedOutputStream cs = CodedOutputStream.newInstance(sig);
        cs.writeBytes(42, ByteString.EMPTY);
        cs.flush();
        assertRejected(() -> PROTO.decodeSignaling(sig.toByteArray()), UNKNOWN_TYPE, "unknown field numbers [42]");
    }

    static Stream<Arguments> badProtobufData() {
        Slide slide = Slide.newBuilder().setEventId("e").setItemId("i").setSlideIndex(1).build();
        return Stream.of(
                arguments(DataFrame.newBuilder().setMessageId("m").setSlide(slide.toBuilder().setEventId("")),
                        MISSING_FIELD, "missing required field 'eventId' in 'slide'"),
                arguments(DataFrame.newBuilder().setMessageId("m").setSlide(slide.toBuilder().clearItemId()),
                        MISSING_FIELD, "missing required field 'itemId' in 'slide'"),
                arguments(DataFrame.newBuilder().setSlide(slide), MISSING_FIELD,
                        "missing required field 'messageId' in 'slide'"),
                arguments(DataFrame.newBuilder().setBlack(org.mobileworship.livecontrol.protocol.v1.Black.newBuilder()
                        .setEventId("e")), MISSING_FIELD, "missing required field 'messageId' in 'black'"),
                arguments(DataFrame.newBuilder().setMessageId("m").setSync(Sync.newBuilder().setEventId("e")),
                        MISSING_FIELD, "missing required field 'fullState' in 'sync'"),
                arguments(DataFrame.newBuilder().setMessageId("m").setSync(Sync.newBuilder()
                        .setFullState(LiveState.getDefaultInstance())), MISSING_FIELD,
                        "missing required field 'eventId' in 'sync'"),
                arguments(DataFrame.newBuilder().setAck(org.mobileworship.livecontrol.protocol.v1.Ack.getDefaultInstance()),
                        MISSING_FIELD, "missing required field 'messageId' in 'ack'"),
                arguments(DataFrame.newBuilder().setError(org.mobileworship.livecontrol.protocol.v1.Error.newBuilder()
                        .setMessage("x")), MISSING_FIELD, "missing required field 'code' in 'error'"),
                arguments(DataFrame.newBuilder().setMessageId("m").setSlide(slide)
                        .setRevision(org.mobileworship.livecontrol.protocol.v1.Revision.newBuilder().setCounter(3)),
                        MISSING_FIELD, "missing required field 'controllerId' in 'revision'"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badProtobufData")
    void protobufDataIsRejected(DataFrame.Builder frame, ProtocolErrorCode code, String messagePart) {
        assertRejected(() -> PROTO.decodeData(frame.build().toByteArray()), code, messagePart);
    }

    static Stream<Arguments> badProtobufSignaling() {
        Register register = Register.newBuilder().setPeerId("p").setPeerType("display").build();
        return Stream.of(
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().clearPeerId()), MISSING_FIELD,
                        "missing required field 'peerId' in 'register'"),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().clearPeerType()), MISSING_FIELD,
                        "missing required field 'peerType' in 'register'"),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().setPeerType("server")),
                        INVALID_FIELD, "invalid field 'peerType' in 'register'"),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().setPeerId("x".repeat(200))),
                        INVALID_FIELD, "200 characters exceeds the limit of 128"),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().setPeerId("a\u007fb")),
                        INVALID_FIELD, "control character U+007F"),
                arguments(SignalingFrame.newBuilder().setOffer(org.mobileworship.livecontrol.protocol.v1.Offer.newBuilder()
                        .setTargetPeerId("d")), MISSING_FIELD, "missing required field 'sdp' in 'offer'"),
                arguments(SignalingFrame.newBuilder().setAnswer(org.mobileworship.livecontrol.protocol.v1.Answer.newBuilder()
                        .setSdp("v=0")), MISSING_FIELD, "missing required field 'targetPeerId' in 'answer'"),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().addEncodings("cbor")),
                        INVALID_FIELD, "invalid field 'encodings' in 'register': expected \"json\" and/or \"protobuf\""),
                arguments(SignalingFrame.newBuilder().setRegister(register.toBuilder().setSignalingPort(70000)),
                        INVALID_FIELD, "invalid field 'signalingPort' in 'register'"),
                arguments(SignalingFrame.newBuilder().setRelay(Relay.newBuilder().setTargetPeerId("d")), MISSING_FIELD,
                        "missing required field 'data' in 'relay'"),
                arguments(SignalingFrame.newBuilder().setRelay(Relay.newBuilder().setTargetPeerId("d")
                        .setData(DataFrame.getDefaultInstance())), UNKNOWN_TYPE, "in relay data: unknown message type"),
                arguments(SignalingFrame.newBuilder().setError(
                        org.mobileworship.livecontrol.protocol.v1.SignalingError.newBuilder().setMessage("m")),
                        MISSING_FIELD, "missing required field 'code' in 'error'"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badProtobufSignaling")
    void protobufSignalingIsRejected(SignalingFrame.Builder frame, ProtocolErrorCode code, String messagePart) {
        assertRejected(() -> PROTO.decodeSignaling(frame.build().toByteArray()), code, messagePart);
    }

    @Test
    void protobufScalarDefaultsAreAccepted() throws Exception {
        DataFrame slideZero = DataFrame.newBuilder().setMessageId("m")
                .setSlide(Slide.newBuilder().setEventId("e").setItemId("i")).build();
        assertThat(PROTO.decodeData(slideZero.toByteArray())).isEqualTo(slideZero);
        DataFrame ping = DataFrame.newBuilder().setPing(org.mobileworship.livecontrol.protocol.v1.Ping.getDefaultInstance())
                .build();
        assertThat(PROTO.decodeData(ping.toByteArray())).isEqualTo(ping);
    }

    private static void assertRejected(ThrowingCallable call, ProtocolErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
