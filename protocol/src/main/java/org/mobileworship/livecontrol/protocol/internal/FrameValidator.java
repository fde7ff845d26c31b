package org.mobileworship.livecontrol.protocol.internal;

import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.INVALID_FIELD;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.MALFORMED;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.MISSING_FIELD;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.TOO_LARGE;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.UNKNOWN_TYPE;

import com.google.protobuf.UnknownFieldSet;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.ProtocolLimits;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.LiveState;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.Revision;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * Format-independent checks run on every decoded frame, so both codecs accept exactly the same
 * messages. Works on the protobuf form, hence "required" means a non-empty string or a set
 * sub-message; scalar presence can only be checked by the JSON mapping, which does so itself.
 * Error messages use the JSON (wire) names of types and fields, which are the documented ones.
 */
public final class FrameValidator {
    private FrameValidator() {
    }

    /** Rejects null input and input above {@code limit} before any parsing happens. */
    public static void checkSize(byte[] bytes, int limit, String kind) throws ProtocolException {
        if (bytes == null) {
            throw new ProtocolException(MALFORMED, "no " + kind + " frame bytes (null)");
        }
        if (bytes.length > limit) {
            throw new ProtocolException(TOO_LARGE,
                    kind + " frame of " + bytes.length + " bytes exceeds the limit of " + limit + " bytes");
        }
    }

    /** Validates a decoded data frame. */
    public static void validate(DataFrame f) throws ProtocolException {
        switch (f.getBodyCase()) {
            case SLIDE -> {
                require(f.getSlide().getEventId(), "eventId", "slide");
                require(f.getSlide().getItemId(), "itemId", "slide");
                require(f.getMessageId(), "messageId", "slide");
            }
            case BLACK -> {
                require(f.getBlack().getEventId(), "eventId", "black");
                require(f.getMessageId(), "messageId", "black");
            }
            case SYNC -> {
                require(f.getSync().getEventId(), "eventId", "sync");
                if (!f.getSync().hasFullState()) {
                    throw missing("fullState", "sync");
                }
                LiveState state = f.getSync().getFullState();
                if (state.hasRevision()) {
                    validate(state.getRevision());
                }
                require(f.getMessageId(), "messageId", "sync");
            }
            case ACK -> {
                require(f.getAck().getMessageId(), "messageId", "ack");
                if (f.getAck().hasAppliedRevision()) {
                    validate(f.getAck().getAppliedRevision());
                }
            }
            case ERROR -> require(f.getError().getCode(), "code", "error");
            case PING, PONG -> {
                // timestamp is a scalar: any value (including 0) is acceptable
            }
            case BODY_NOT_SET -> throw new ProtocolException(UNKNOWN_TYPE,
                    "unknown message type: data frame has no known body" + unknownFields(f.getUnknownFields()));
        }
        if (f.hasRevision()) {
            validate(f.getRevision());
        }
    }

    /** Validates a decoded signaling frame, including a relayed data frame. */
    public static void validate(SignalingFrame f) throws ProtocolException {
        switch (f.getBodyCase()) {
            case REGISTER -> {
                peerId(f.getRegister().getPeerId(), "peerId", "register", true);
                peerType(f.getRegister().getPeerType(), "register");
                encodings(f.getRegister().getEncodingsList(), "register");
                if (Integer.compareUnsigned(f.getRegister().getSignalingPort(), 65535) > 0) {
                    throw new ProtocolException(INVALID_FIELD, "invalid field 'signalingPort' in 'register': "
                            + Integer.toUnsignedString(f.getRegister().getSignalingPort()) + " is not a port (1-65535, or 0 for none)");
                }
                if (!f.getRegister().getPublicKey().isEmpty()) {
                    require(f.getRegister().getSignature(), "signature", "register");
                }
            }
            case CHALLENGE -> require(f.getChallenge().getNonce(), "nonce", "challenge");
            case TRUST_LIST -> require(f.getTrustList().getDocument(), "document", "trust-list");
            case REGISTERED -> {
                peerId(f.getRegistered().getPeerId(), "peerId", "registered", false);
                peerId(f.getRegistered().getLeaderId(), "leaderId", "registered", false);
            }
            case OFFER -> {
                peerId(f.getOffer().getTargetPeerId(), "targetPeerId", "offer", true);
                peerId(f.getOffer().getFromPeerId(), "fromPeerId", "offer", false);
                require(f.getOffer().getSdp(), "sdp", "offer");
            }
            case ANSWER -> {
                peerId(f.getAnswer().getTargetPeerId(), "targetPeerId", "answer", true);
                peerId(f.getAnswer().getFromPeerId(), "fromPeerId", "answer", false);
                require(f.getAnswer().getSdp(), "sdp", "answer");
            }
            case ICE_CANDIDATE -> {
                peerId(f.getIceCandidate().getTargetPeerId(), "targetPeerId", "ice-candidate", true);
                peerId(f.getIceCandidate().getFromPeerId(), "fromPeerId", "ice-candidate", false);
                // candidate "" is the end-of-candidates marker browsers send (RTCIceCandidate with an
                // empty candidate string): legal, forwarded like any other candidate
            }
            case PEER_LIST -> {
                // entries describe registered peers, so they obey register's rules
                for (PeerEntry p : f.getPeerList().getPeersList()) {
                    peerId(p.getPeerId(), "peerId", "peer-list", true);
                    peerType(p.getPeerType(), "peer-list");
                }
            }
            case HEARTBEAT, HEARTBEAT_ACK -> {
                // timestamp is optional
            }
            case RELAY -> {
                peerId(f.getRelay().getTargetPeerId(), "targetPeerId", "relay", true);
                peerId(f.getRelay().getFromPeerId(), "fromPeerId", "relay", false);
                if (!f.getRelay().hasData()) {
                    throw missing("data", "relay");
                }
                validateRelayed(f.getRelay().getData());
            }
            case ERROR -> {
                require(f.getError().getCode(), "code", "error");
                peerId(f.getError().getTargetPeerId(), "targetPeerId", "error", false);
            }
            case TRANSPORT_SIGNAL -> {
                peerId(f.getTransportSignal().getTargetPeerId(), "targetPeerId", "transport-signal", true);
                peerId(f.getTransportSignal().getFromPeerId(), "fromPeerId", "transport-signal", false);
                String transport = f.getTransportSignal().getTransport();
                require(transport, "transport", "transport-signal");
                String problem = transportNameProblem(transport);
                if (problem != null) {
                    throw new ProtocolException(INVALID_FIELD, "invalid field 'transport' in 'transport-signal': "
                            + problem + ", got \"" + JsonFields.abbreviate(transport) + "\"");
                }
                int size = f.getTransportSignal().getPayload().size();
                if (size > ProtocolLimits.MAX_TRANSPORT_SIGNAL_PAYLOAD_BYTES) {
                    throw new ProtocolException(TOO_LARGE, "transport-signal payload of " + size
                            + " bytes exceeds the limit of " + ProtocolLimits.MAX_TRANSPORT_SIGNAL_PAYLOAD_BYTES
                            + " bytes");
                }
            }
            case BODY_NOT_SET -> throw new ProtocolException(UNKNOWN_TYPE,
                    "unknown message type: signaling frame has no known body" + unknownFields(f.getUnknownFields()));
        }
    }

    private static void validateRelayed(DataFrame data) throws ProtocolException {
        // the relay is a fallback for the data channel, so it must not carry more than the channel would;
        // the sender's signature fields are the relay's own envelope and do not count
        int size = data.getSenderSignature().isEmpty() && data.getSenderKey().isEmpty() ? data.getSerializedSize()
                : data.toBuilder().clearSenderSignature().clearSenderKey().build().getSerializedSize();
        if (size > ProtocolLimits.MAX_DATA_FRAME_BYTES) {
            throw new ProtocolException(TOO_LARGE, "relayed data frame of " + size
                    + " bytes exceeds the limit of " + ProtocolLimits.MAX_DATA_FRAME_BYTES + " bytes");
        }
        try {
            validate(data);
        } catch (ProtocolException e) {
            throw new ProtocolException(e.code(), "in relay data: " + e.getMessage(), e);
        }
    }

    /** Known values only: a typo would otherwise make a peer silently JSON-only. */
    private static void encodings(java.util.List<String> values, String type) throws ProtocolException {
        for (String v : values) {
            if (!v.equals("json") && !v.equals("protobuf")) {
                throw new ProtocolException(INVALID_FIELD, "invalid field 'encodings' in '" + type
                        + "': expected \"json\" and/or \"protobuf\", got \"" + JsonFields.abbreviate(v) + "\"");
            }
        }
    }

    /** The same rule as the api's {@code Signal.TransportSignal}: short, lower-case, printable. */
    private static String transportNameProblem(String name) {
        if (name.length() > ProtocolLimits.MAX_TRANSPORT_NAME_LENGTH) {
            return name.length() + " characters exceeds the limit of " + ProtocolLimits.MAX_TRANSPORT_NAME_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                return "only a-z, 0-9, '.', '_' and '-' are allowed";
            }
        }
        return null;
    }

    private static void validate(Revision r) throws ProtocolException {
        require(r.getControllerId(), "controllerId", "revision");
    }

    private static void require(String value, String field, String type) throws ProtocolException {
        if (value.isEmpty()) {
            throw missing(field, type);
        }
    }

    private static void peerType(String value, String type) throws ProtocolException {
        require(value, "peerType", type);
        if (!value.equals("controller") && !value.equals("display")) {
            throw new ProtocolException(INVALID_FIELD, "invalid field 'peerType' in '" + type
                    + "': expected \"controller\" or \"display\", got \"" + JsonFields.abbreviate(value) + "\"");
        }
    }

    /** Peer ids are routing keys and end up in logs and mDNS records: keep them short and printable. */
    private static void peerId(String value, String field, String type, boolean required)
            throws ProtocolException {
        if (value.isEmpty()) {
            if (required) {
                throw missing(field, type);
            }
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length > ProtocolLimits.MAX_PEER_ID_LENGTH) {
            throw new ProtocolException(INVALID_FIELD, "invalid field '" + field + "' in '" + type
                    + "': " + length + " characters exceeds the limit of " + ProtocolLimits.MAX_PEER_ID_LENGTH);
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw new ProtocolException(INVALID_FIELD, "invalid field '" + field + "' in '" + type
                        + "': contains control character " + String.format("U+%04X", cp));
            }
            i += Character.charCount(cp);
        }
    }

    static ProtocolException missing(String field, String type) {
        return new ProtocolException(MISSING_FIELD, "missing required field '" + field + "' in '" + type + "'");
    }

    private static String unknownFields(UnknownFieldSet unknown) {
        return unknown.asMap().isEmpty() ? "" : " (unknown field numbers " + unknown.asMap().keySet() + ")";
    }
}
