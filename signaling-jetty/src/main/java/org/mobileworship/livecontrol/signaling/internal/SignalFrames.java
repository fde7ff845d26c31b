package org.mobileworship.livecontrol.signaling.internal;

import org.mobileworship.livecontrol.api.ErrorCodes;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.Answer;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.IceCandidate;
import org.mobileworship.livecontrol.protocol.v1.Offer;
import org.mobileworship.livecontrol.protocol.v1.Relay;
import org.mobileworship.livecontrol.protocol.v1.SignalingError;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.protocol.v1.TransportSignal;

/** Maps the api's {@link Signal}s to and from protocol frames; shared by server and client. */
public final class SignalFrames {
    private SignalFrames() {
    }

    /** The frame a client sends for {@code signal} to {@code target} (no {@code fromPeerId}: the server stamps it). */
    public static SignalingFrame toFrame(PeerId target, Signal signal) throws SignalingException {
        String t = target.value();
        SignalingFrame.Builder b = SignalingFrame.newBuilder();
        if (signal instanceof Signal.Offer o) {
            b.setOffer(Offer.newBuilder().setTargetPeerId(t).setSdp(o.sdp()));
        } else if (signal instanceof Signal.Answer a) {
            b.setAnswer(Answer.newBuilder().setTargetPeerId(t).setSdp(a.sdp()));
        } else if (signal instanceof Signal.IceCandidate c) {
            b.setIceCandidate(IceCandidate.newBuilder().setTargetPeerId(t).setCandidate(c.candidate())
                    .setSdpMid(c.sdpMid()).setSdpMLineIndex(c.sdpMLineIndex()));
        } else if (signal instanceof Signal.Relay r) {
            DataFrame data;
            try {
                // decodeData validates too, so a broken frame fails here rather than at the server
                data = ProtobufFrameCodec.INSTANCE.decodeData(r.frame());
            } catch (ProtocolException e) {
                throw new SignalingException(e.code().wireCode(), "relay frame is not a valid DataFrame: "
                        + e.getMessage(), e);
            }
            b.setRelay(Relay.newBuilder().setTargetPeerId(t).setData(data));
        } else if (signal instanceof Signal.TransportSignal ts) {
            b.setTransportSignal(TransportSignal.newBuilder().setTargetPeerId(t).setTransport(ts.transport())
                    .setPayload(com.google.protobuf.ByteString.copyFrom(ts.payload())));
        } else {
            throw new SignalingException(ErrorCodes.UNKNOWN_TYPE, "unsupported signal " + signal);
        }
        return b.build();
    }

    /** The signal a forwarded frame carries, or {@code null} if the frame is not a forwardable kind. */
    public static Signal toSignal(SignalingFrame f) {
        return switch (f.getBodyCase()) {
            case OFFER -> new Signal.Offer(f.getOffer().getSdp());
            case ANSWER -> new Signal.Answer(f.getAnswer().getSdp());
            case ICE_CANDIDATE -> new Signal.IceCandidate(f.getIceCandidate().getCandidate(),
                    f.getIceCandidate().getSdpMid(), f.getIceCandidate().getSdpMLineIndex());
            case RELAY -> new Signal.Relay(f.getRelay().getData().toByteArray());
            case TRANSPORT_SIGNAL -> new Signal.TransportSignal(f.getTransportSignal().getTransport(),
                    f.getTransportSignal().getPayload().toByteArray());
            default -> null;
        };
    }

    /** The target a forwardable frame names, or {@code null}. */
    public static String target(SignalingFrame f) {
        return switch (f.getBodyCase()) {
            case OFFER -> f.getOffer().getTargetPeerId();
            case ANSWER -> f.getAnswer().getTargetPeerId();
            case ICE_CANDIDATE -> f.getIceCandidate().getTargetPeerId();
            case RELAY -> f.getRelay().getTargetPeerId();
            case TRANSPORT_SIGNAL -> f.getTransportSignal().getTargetPeerId();
            default -> null;
        };
    }

    /** The stamped sender of a forwarded frame, or {@code ""}. */
    public static String from(SignalingFrame f) {
        return switch (f.getBodyCase()) {
            case OFFER -> f.getOffer().getFromPeerId();
            case ANSWER -> f.getAnswer().getFromPeerId();
            case ICE_CANDIDATE -> f.getIceCandidate().getFromPeerId();
            case RELAY -> f.getRelay().getFromPeerId();
            case TRANSPORT_SIGNAL -> f.getTransportSignal().getFromPeerId();
            default -> "";
        };
    }

    /** {@code f} with {@code fromPeerId} replaced by the sender's registered id, whatever the client wrote. */
    public static SignalingFrame stamp(SignalingFrame f, String from) {
        return switch (f.getBodyCase()) {
            case OFFER -> SignalingFrame.newBuilder().setOffer(f.getOffer().toBuilder().setFromPeerId(from)).build();
            case ANSWER -> SignalingFrame.newBuilder().setAnswer(f.getAnswer().toBuilder().setFromPeerId(from)).build();
            case ICE_CANDIDATE -> SignalingFrame.newBuilder()
                    .setIceCandidate(f.getIceCandidate().toBuilder().setFromPeerId(from)).build();
            case RELAY -> SignalingFrame.newBuilder().setRelay(f.getRelay().toBuilder().setFromPeerId(from)).build();
            case TRANSPORT_SIGNAL -> SignalingFrame.newBuilder()
                    .setTransportSignal(f.getTransportSignal().toBuilder().setFromPeerId(from)).build();
            default -> throw new IllegalArgumentException("not a forwardable frame: " + f.getBodyCase());
        };
    }

    /** An {@code error} frame. */
    public static SignalingFrame error(String code, String message, String target) {
        SignalingError.Builder e = SignalingError.newBuilder().setCode(code).setMessage(message);
        if (target != null) {
            e.setTargetPeerId(target);
        }
        return SignalingFrame.newBuilder().setError(e).build();
    }
}
