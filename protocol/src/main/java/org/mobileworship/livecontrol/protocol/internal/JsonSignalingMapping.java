package org.mobileworship.livecontrol.protocol.internal;

import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.UNKNOWN_TYPE;
import static org.mobileworship.livecontrol.protocol.internal.JsonDataMapping.putIfNotEmpty;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.util.Base64;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.Answer;
import org.mobileworship.livecontrol.protocol.v1.Challenge;
import org.mobileworship.livecontrol.protocol.v1.Heartbeat;
import org.mobileworship.livecontrol.protocol.v1.HeartbeatAck;
import org.mobileworship.livecontrol.protocol.v1.IceCandidate;
import org.mobileworship.livecontrol.protocol.v1.Offer;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.PeerList;
import org.mobileworship.livecontrol.protocol.v1.Register;
import org.mobileworship.livecontrol.protocol.v1.Registered;
import org.mobileworship.livecontrol.protocol.v1.Relay;
import org.mobileworship.livecontrol.protocol.v1.SignalingError;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.protocol.v1.TransportSignal;
import org.mobileworship.livecontrol.protocol.v1.TrustListUpdate;

/**
 * Hand-written mapping between {@link SignalingFrame} and the signaling JSON shapes (the seed's
 * register/offer/answer plus livecontrol's additions). Optional strings are written only when set.
 */
public final class JsonSignalingMapping {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonSignalingMapping() {
    }

    /** Maps a parsed JSON document to a (not yet validated) signaling frame. */
    public static SignalingFrame decode(JsonNode root) throws ProtocolException {
        JsonFields f = new JsonFields(JsonDataMapping.object(root, "signaling"), JsonDataMapping.typeOf(root));
        SignalingFrame.Builder b = SignalingFrame.newBuilder();
        switch (f.type()) {
            case "register" -> b.setRegister(Register.newBuilder()
                    .setPeerId(f.string("peerId"))
                    .setPeerType(f.string("peerType"))
                    .setDisplayName(f.string("displayName"))
                    .setDisplayClass(f.string("displayClass"))
                    .setToken(f.string("token"))
                    .setSession(f.string("session"))
                    .addAllEncodings(f.strings("encodings"))
                    .setSignalingPort(f.int32("signalingPort"))
                    .setPublicKey(f.string("publicKey"))
                    .setSignature(f.string("signature"))
                    .setTrustList(f.string("trustList")));
            case "trust-list" -> b.setTrustList(TrustListUpdate.newBuilder().setDocument(f.string("document")));
            case "challenge" -> b.setChallenge(Challenge.newBuilder().setNonce(f.string("nonce")));
            case "registered" -> b.setRegistered(Registered.newBuilder()
                    .setPeerId(f.string("peerId"))
                    .setToken(f.string("token"))
                    .setLeaderId(f.string("leaderId"))
                    .setTerm(f.uint64("term")));
            case "offer" -> b.setOffer(Offer.newBuilder()
                    .setTargetPeerId(f.string("targetPeerId"))
                    .setFromPeerId(f.string("fromPeerId"))
                    .setSdp(f.string("sdp")));
            case "answer" -> b.setAnswer(Answer.newBuilder()
                    .setTargetPeerId(f.string("targetPeerId"))
                    .setFromPeerId(f.string("fromPeerId"))
                    .setSdp(f.string("sdp")));
            case "ice-candidate" -> {
                if (f.get("candidate") == null) {
                    // "" is legal (end of candidates); an absent key is a client bug
                    throw FrameValidator.missing("candidate", "ice-candidate");
                }
                b.setIceCandidate(IceCandidate.newBuilder()
                    .setTargetPeerId(f.string("targetPeerId"))
                    .setFromPeerId(f.string("fromPeerId"))
                    .setCandidate(f.string("candidate"))
                    .setSdpMid(f.string("sdpMid"))
                    .setSdpMLineIndex(f.int32("sdpMLineIndex")));
            }
            case "peer-list" -> {
                PeerList.Builder list = PeerList.newBuilder();
                for (JsonFields p : f.objects("peers", "peer-list")) {
                    list.addPeers(PeerEntry.newBuilder()
                            .setPeerId(p.string("peerId"))
                            .setPeerType(p.string("peerType"))
                            .setDisplayName(p.string("displayName"))
                            .setDisplayClass(p.string("displayClass"))
                            .addAllEncodings(p.strings("encodings"))
                            .setSignalingEndpoint(p.string("signalingEndpoint")));
                }
                b.setPeerList(list);
            }
            case "heartbeat" -> b.setHeartbeat(Heartbeat.newBuilder().setTimestamp(f.int64("timestamp")));
            case "heartbeat-ack" -> b.setHeartbeatAck(HeartbeatAck.newBuilder().setTimestamp(f.int64("timestamp")));
            case "relay" -> {
                Relay.Builder relay = Relay.newBuilder()
                        .setTargetPeerId(f.string("targetPeerId"))
                        .setFromPeerId(f.string("fromPeerId"));
                JsonNode data = f.get("data");
                if (data != null) {
                    if (!data.isObject()) {
                        throw f.invalid("data", "expected a data frame object", data);
                    }
                    try {
                        relay.setData(JsonDataMapping.decode(data));
                    } catch (ProtocolException e) {
                        throw new ProtocolException(e.code(), "in relay data: " + e.getMessage(), e);
                    }
                }
                b.setRelay(relay);
            }
            case "transport-signal" -> b.setTransportSignal(TransportSignal.newBuilder()
                    .setTargetPeerId(f.string("targetPeerId"))
                    .setFromPeerId(f.string("fromPeerId"))
                    .setTransport(f.string("transport"))
                    .setPayload(base64(f, "payload")));
            case "error" -> b.setError(SignalingError.newBuilder()
                    .setCode(f.string("code"))
                    .setMessage(f.string("message"))
                    .setTargetPeerId(f.string("targetPeerId")));
            default -> throw new ProtocolException(UNKNOWN_TYPE,
                    "unknown signaling message type '" + JsonFields.abbreviate(f.type()) + "'");
        }
        return b.build();
    }

    /** Maps a signaling frame to its JSON shape. */
    public static ObjectNode encode(SignalingFrame f) {
        ObjectNode n = NODES.objectNode();
        switch (f.getBodyCase()) {
            case REGISTER -> {
                Register r = f.getRegister();
                n.put("type", "register").put("peerId", r.getPeerId()).put("peerType", r.getPeerType())
                        .put("displayName", r.getDisplayName());
                putIfNotEmpty(n, "displayClass", r.getDisplayClass());
                putIfNotEmpty(n, "token", r.getToken());
                putIfNotEmpty(n, "session", r.getSession());
                putStrings(n, "encodings", r.getEncodingsList());
                if (r.getSignalingPort() != 0) {
                    n.put("signalingPort", r.getSignalingPort());
                }
                putIfNotEmpty(n, "publicKey", r.getPublicKey());
                putIfNotEmpty(n, "signature", r.getSignature());
                putIfNotEmpty(n, "trustList", r.getTrustList());
            }
            case TRUST_LIST -> n.put("type", "trust-list").put("document", f.getTrustList().getDocument());
            case CHALLENGE -> n.put("type", "challenge").put("nonce", f.getChallenge().getNonce());
            case REGISTERED -> {
                Registered r = f.getRegistered();
                n.put("type", "registered").put("peerId", r.getPeerId()).put("token", r.getToken())
                        .put("leaderId", r.getLeaderId());
                JsonDataMapping.putUint64(n, "term", r.getTerm());
            }
            case OFFER -> sdp(n, "offer", f.getOffer().getTargetPeerId(), f.getOffer().getFromPeerId(),
                    f.getOffer().getSdp());
            case ANSWER -> sdp(n, "answer", f.getAnswer().getTargetPeerId(), f.getAnswer().getFromPeerId(),
                    f.getAnswer().getSdp());
            case ICE_CANDIDATE -> {
                IceCandidate c = f.getIceCandidate();
                n.put("type", "ice-candidate").put("targetPeerId", c.getTargetPeerId())
                        .put("fromPeerId", c.getFromPeerId()).put("candidate", c.getCandidate())
                        .put("sdpMid", c.getSdpMid()).put("sdpMLineIndex", c.getSdpMLineIndex());
            }
            case PEER_LIST -> {
                ArrayNode peers = n.put("type", "peer-list").putArray("peers");
                for (PeerEntry p : f.getPeerList().getPeersList()) {
                    ObjectNode e = peers.addObject().put("peerId", p.getPeerId()).put("peerType", p.getPeerType())
                            .put("displayName", p.getDisplayName());
                    putIfNotEmpty(e, "displayClass", p.getDisplayClass());
                    putStrings(e, "encodings", p.getEncodingsList());
                    putIfNotEmpty(e, "signalingEndpoint", p.getSignalingEndpoint());
                }
            }
            case HEARTBEAT -> n.put("type", "heartbeat").put("timestamp", f.getHeartbeat().getTimestamp());
            case HEARTBEAT_ACK -> n.put("type", "heartbeat-ack").put("timestamp", f.getHeartbeatAck().getTimestamp());
            case RELAY -> {
                Relay r = f.getRelay();
                n.put("type", "relay").put("targetPeerId", r.getTargetPeerId()).put("fromPeerId", r.getFromPeerId());
                if (r.hasData()) {
                    n.set("data", JsonDataMapping.encode(r.getData()));
                }
            }
            case TRANSPORT_SIGNAL -> {
                TransportSignal t = f.getTransportSignal();
                n.put("type", "transport-signal").put("targetPeerId", t.getTargetPeerId());
                putIfNotEmpty(n, "fromPeerId", t.getFromPeerId());
                n.put("transport", t.getTransport())
                        .put("payload", Base64.getEncoder().encodeToString(t.getPayload().toByteArray()));
            }
            case ERROR -> {
                SignalingError e = f.getError();
                n.put("type", "error").put("code", e.getCode()).put("message", e.getMessage());
                putIfNotEmpty(n, "targetPeerId", e.getTargetPeerId());
            }
            case BODY_NOT_SET -> throw new IllegalArgumentException("signaling frame has no body to encode");
        }
        return n;
    }

    private static void putStrings(ObjectNode n, String field, java.util.List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    /** A standard base64 string field (absent = empty). */
    private static ByteString base64(JsonFields f, String field) throws ProtocolException {
        String value = f.string(field);
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, "expected standard base64 (RFC 4648)", f.get(field));
        }
    }

    private static void sdp(ObjectNode n, String type, String target, String from, String sdp) {
        n.put("type", type).put("targetPeerId", target);
        putIfNotEmpty(n, "fromPeerId", from); // the seed's clients omit it; the leader fills it in
        n.put("sdp", sdp);
    }
}
