package org.mobileworship.livecontrol.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import org.mobileworship.livecontrol.protocol.internal.FrameValidator;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * {@link WireFormat#PROTOBUF} codec: frames are the binary encoding of {@code DataFrame} /
 * {@code SignalingFrame}.
 *
 * <p>Because proto3 cannot tell an absent scalar from its default, required-field checks here
 * demand non-empty strings and set sub-messages only; scalar defaults (e.g. {@code slideIndex 0})
 * are accepted. A frame whose {@code oneof body} is unset - which is also how a message type added
 * by a newer peer looks - is rejected with {@link ProtocolErrorCode#UNKNOWN_TYPE}.
 */
public final class ProtobufFrameCodec implements FrameCodec {
    /** The shared, stateless instance. */
    public static final ProtobufFrameCodec INSTANCE = new ProtobufFrameCodec();

    private ProtobufFrameCodec() {
    }

    @Override
    public WireFormat format() {
        return WireFormat.PROTOBUF;
    }

    @Override
    public byte[] encodeData(DataFrame frame) {
        return frame.toByteArray();
    }

    @Override
    public DataFrame decodeData(byte[] bytes) throws ProtocolException {
        FrameValidator.checkSize(bytes, ProtocolLimits.MAX_DATA_FRAME_BYTES, "data");
        DataFrame frame;
        try {
            frame = DataFrame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw malformed("data", e);
        }
        FrameValidator.validate(frame);
        return frame;
    }

    @Override
    public byte[] encodeSignaling(SignalingFrame frame) {
        return frame.toByteArray();
    }

    @Override
    public SignalingFrame decodeSignaling(byte[] bytes) throws ProtocolException {
        FrameValidator.checkSize(bytes, ProtocolLimits.MAX_SIGNALING_FRAME_BYTES, "signaling");
        SignalingFrame frame;
        try {
            frame = SignalingFrame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw malformed("signaling", e);
        }
        FrameValidator.validate(frame);
        return frame;
    }

    private static ProtocolException malformed(String kind, InvalidProtocolBufferException e) {
        return new ProtocolException(ProtocolErrorCode.MALFORMED,
                "malformed protobuf " + kind + " frame: " + e.getMessage(), e);
    }
}
