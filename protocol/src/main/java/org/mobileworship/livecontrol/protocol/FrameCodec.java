package org.mobileworship.livecontrol.protocol;

import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * Encodes and decodes livecontrol frames in one {@link WireFormat}. Implementations are stateless
 * and thread-safe.
 *
 * <p>Decoding is strict and all-or-nothing: it checks the size limit first, then parses, then
 * applies the same required-field rules in every format, and either returns a complete, valid
 * message or throws {@link ProtocolException}. Encoding performs no validation.
 */
public interface FrameCodec {

    /** The wire format this codec speaks. */
    WireFormat format();

    /** Encodes a data-channel frame (the JSON codec returns the UTF-8 bytes of the JSON text). */
    byte[] encodeData(DataFrame frame);

    /**
     * Decodes a data-channel frame.
     *
     * @throws ProtocolException if the frame is too large, malformed, of unknown type or invalid
     */
    DataFrame decodeData(byte[] bytes) throws ProtocolException;

    /** Encodes a signaling frame. */
    byte[] encodeSignaling(SignalingFrame frame);

    /**
     * Decodes a signaling frame.
     *
     * @throws ProtocolException if the frame is too large, malformed, of unknown type or invalid
     */
    SignalingFrame decodeSignaling(byte[] bytes) throws ProtocolException;

    /** The shared codec instance for a wire format. */
    static FrameCodec of(WireFormat format) {
        return switch (format) {
            case JSON -> JsonFrameCodec.INSTANCE;
            case PROTOBUF -> ProtobufFrameCodec.INSTANCE;
        };
    }
}
