package org.mobileworship.livecontrol.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.protocol.v1.Ack;
import org.mobileworship.livecontrol.protocol.v1.Answer;
import org.mobileworship.livecontrol.protocol.v1.Black;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Error;
import org.mobileworship.livecontrol.protocol.v1.Heartbeat;
import org.mobileworship.livecontrol.protocol.v1.HeartbeatAck;
import org.mobileworship.livecontrol.protocol.v1.IceCandidate;
import org.mobileworship.livecontrol.protocol.v1.LiveState;
import org.mobileworship.livecontrol.protocol.v1.Offer;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.PeerList;
import org.mobileworship.livecontrol.protocol.v1.Ping;
import org.mobileworship.livecontrol.protocol.v1.Pong;
import org.mobileworship.livecontrol.protocol.v1.Register;
import org.mobileworship.livecontrol.protocol.v1.Registered;
import org.mobileworship.livecontrol.protocol.v1.Relay;
import org.mobileworship.livecontrol.protocol.v1.Revision;
import org.mobileworship.livecontrol.protocol.v1.SignalingError;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.protocol.v1.Sync;

/**
 * Randomly generated valid frames (only fields the JSON shapes can carry, so both formats are
 * lossless) must survive encode/decode in each codec, and JSON and protobuf must agree.
 */
class RoundTripPropertyTest {
    private static final int CASES = 3000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] PEER_TYPES = {"controller", "display"};
    private static final String[] DISPLAY_CLASSES = {"", "audience", "stage", "lobby"};

    @Test
    void dataFramesRoundTrip() throws Exception {
        Random random = new Random(0x11fec0L);
        for (int i = 0; i < CASES; i++) {
            DataFrame frame = new Gen(random).dataFrame();
            for (WireFormat format : WireFormat.values()) {
                FrameCodec codec = FrameCodec.of(format);
                assertThat(codec.decodeData(codec.encodeData(frame))).as("%s case %d: %s", format, i, frame)
                        .isEqualTo(frame);
            }
            byte[] json = JsonFrameCodec.INSTANCE.encodeData(frame);
            DataFrame viaProto = ProtobufFrameCodec.INSTANCE.decodeData(
                    ProtobufFrameCodec.INSTANCE.encodeData(JsonFrameCodec.INSTANCE.decodeData(json)));
            assertThat(MAPPER.readTree(JsonFrameCodec.INSTANCE.encodeData(viaProto))).isEqualTo(MAPPER.readTree(json));
        }
    }

    @Test
    void signalingFramesRoundTrip() throws Exception {
        Random random = new Random(0x5167L);
        for (int i = 0; i < CASES; i++) {
            SignalingFrame frame = new Gen(random).signalingFrame();
            for (WireFormat format : WireFormat.values()) {
                FrameCodec codec = FrameCodec.of(format);
                assertThat(codec.decodeSignaling(codec.encodeSignaling(frame))).as("%s case %d: %s", format, i, frame)
                        .isEqualTo(frame);
            }
        }
    }

    /** Generators for valid, JSON-representable frames. */
    private record Gen(Random r) {

        DataFrame dataFrame() {
            DataFrame.Builder b = DataFrame.newBuilder();
            switch (r.nextInt(7)) {
                case 0 -> control(b.setSlide(Slide.newBuilder().setEventId(text(1)).setItemId(text(1))
                        .setSlideIndex(anyInt())));
                case 1 -> control(b.setBlack(Black.newBuilder().setEventId(text(1)).setIsBlack(r.nextBoolean())));
                case 2 -> control(b.setSync(Sync.newBuilder().setEventId(text(1)).setFullState(liveState())));
                case 3 -> b.setPing(Ping.newBuilder().setTimestamp(anyLong()));
                case 4 -> b.setPong(Pong.newBuilder().setTimestamp(anyLong()));
                case 5 -> {
                    Ack.Builder ack = Ack.newBuilder().setMessageId(text(1));
                    if (r.nextBoolean()) {
                        ack.setAppliedRevision(revision());
                    }
                    b.setAck(ack);
                }
                default -> b.setError(Error.newBuilder().setCode(text(1)).setMessage(text(0))
                        .setMessageId(r.nextBoolean() ? "" : text(1)));
            }
            return b.build();
        }

        SignalingFrame signalingFrame() {
            SignalingFrame.Builder b = SignalingFrame.newBuilder();
            switch (r.nextInt(14)) {
                case 12 -> b.setRegister(Register.newBuilder().setPeerId(peerId()).setPeerType(peerType())
                        .setDisplayName(text(0)).setPublicKey(text(1)).setSignature(text(1)).setTrustList(text(1)));
                case 13 -> b.setTrustList(org.mobileworship.livecontrol.protocol.v1.TrustListUpdate.newBuilder()
                        .setDocument(text(1)));
                case 0 -> b.setRegister(Register.newBuilder().setPeerId(peerId()).setPeerType(peerType())
                        .setDisplayName(text(0)).setDisplayClass(displayClass())
                        .setToken(optional()).setSession(optional()));
                case 10 -> b.setRegister(Register.newBuilder().setPeerId(peerId()).setPeerType(peerType())
                        .setDisplayName(text(0)).setPublicKey(text(1)).setSignature(text(1)));
                case 11 -> b.setChallenge(org.mobileworship.livecontrol.protocol.v1.Challenge.newBuilder()
                        .setNonce(text(1)));
                case 1 -> b.setRegistered(Registered.newBuilder().setPeerId(peerId()).setToken(text(0))
                        .setLeaderId(peerId()).setTerm(r.nextLong()));
                case 2 -> b.setOffer(Offer.newBuilder().setTargetPeerId(peerId()).setFromPeerId(optionalPeerId())
                        .setSdp(text(1)));
                case 3 -> b.setAnswer(Answer.newBuilder().setTargetPeerId(peerId()).setFromPeerId(optionalPeerId())
                        .setSdp(text(1)));
                case 4 -> b.setIceCandidate(IceCandidate.newBuilder().setTargetPeerId(peerId())
                        .setFromPeerId(optionalPeerId()).setCandidate(text(1)).setSdpMid(text(0))
                        .setSdpMLineIndex(anyInt()));
                case 5 -> {
                    PeerList.Builder list = PeerList.newBuilder();
                    for (int n = r.nextInt(6); n > 0; n--) {
                        list.addPeers(PeerEntry.newBuilder().setPeerId(peerId()).setPeerType(peerType())
                                .setDisplayName(text(0)).setDisplayClass(displayClass()));
                    }
                    b.setPeerList(list);
                }
                case 6 -> b.setHeartbeat(Heartbeat.newBuilder().setTimestamp(anyLong()));
                case 7 -> b.setHeartbeatAck(HeartbeatAck.newBuilder().setTimestamp(anyLong()));
                case 8 -> b.setRelay(Relay.newBuilder().setTargetPeerId(peerId()).setFromPeerId(optionalPeerId())
                        .setData(dataFrame()));
                default -> b.setError(SignalingError.newBuilder().setCode(text(1)).setMessage(text(0))
                        .setTargetPeerId(optionalPeerId()));
            }
            return b.build();
        }

        private void control(DataFrame.Builder b) {
            b.setMessageId(text(1));
            if (r.nextBoolean()) {
                b.setRevision(revision());
            }
        }

        private LiveState liveState() {
            LiveState.Builder s = LiveState.newBuilder().setEventId(text(0)).setItemId(text(0))
                    .setSlideIndex(anyInt()).setIsBlack(r.nextBoolean());
            if (r.nextBoolean()) {
                s.setRevision(revision());
            }
            return s.build();
        }

        private Revision revision() {
            return Revision.newBuilder().setCounter(anyLong()).setControllerId(text(1)).build();
        }

        private int anyInt() {
            return switch (r.nextInt(4)) {
                case 0 -> r.nextInt(50);
                case 1 -> Integer.MAX_VALUE - r.nextInt(2);
                case 2 -> Integer.MIN_VALUE + r.nextInt(2);
                default -> r.nextInt();
            };
        }

        private long anyLong() {
            return switch (r.nextInt(4)) {
                case 0 -> 1_700_000_000_000L + r.nextInt(1_000_000_000);
                case 1 -> Long.MAX_VALUE;
                case 2 -> Long.MIN_VALUE; // as uint64: 2^63, beyond a signed long
                default -> r.nextLong();
            };
        }

        private String peerType() {
            return PEER_TYPES[r.nextInt(PEER_TYPES.length)];
        }

        private String displayClass() {
            return DISPLAY_CLASSES[r.nextInt(DISPLAY_CLASSES.length)];
        }

        private String optional() {
            return r.nextBoolean() ? "" : text(1);
        }

        private String optionalPeerId() {
            return r.nextBoolean() ? "" : peerId();
        }

        /** 1..128 printable code points, sometimes exactly at the limit. */
        private String peerId() {
            int length = r.nextInt(10) == 0 ? ProtocolLimits.MAX_PEER_ID_LENGTH : 1 + r.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int cp;
                do {
                    cp = codePoint();
                } while (Character.isISOControl(cp));
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }

        /** Text of at least {@code min} code points: ASCII, JSON-special, control, BMP and astral. */
        private String text(int min) {
            int length = min + r.nextInt(24);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.appendCodePoint(codePoint());
            }
            return sb.toString();
        }

        private int codePoint() {
            return switch (r.nextInt(6)) {
                case 0 -> "\"\\/\r\n\t\u0000\u001f\u007f\u2028".codePointAt(r.nextInt(10));
                case 1 -> 0x4E00 + r.nextInt(0x5000);      // CJK
                case 2 -> 0x1F300 + r.nextInt(0x300);      // emoji: surrogate pairs in UTF-16
                case 3 -> 0xA0 + r.nextInt(0x2000);
                default -> 0x20 + r.nextInt(0x5F);         // printable ASCII
            };
        }
    }
}
