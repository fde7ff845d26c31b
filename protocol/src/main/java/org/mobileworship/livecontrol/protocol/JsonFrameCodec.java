package org.mobileworship.livecontrol.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.mobileworship.livecontrol.protocol.internal.FrameValidator;
import org.mobileworship.livecontrol.protocol.internal.JsonDataMapping;
import org.mobileworship.livecontrol.protocol.internal.JsonSignalingMapping;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * {@link WireFormat#JSON} codec: the seed clients' JSON shapes, e.g.
 * {@code {"type":"slide","eventId":"e","itemId":"i","slideIndex":3,"messageId":"m"}}.
 *
 * <p>The mapping is written by hand (not protobuf's {@code JsonFormat}) because the seed's shapes
 * are a public contract: flat objects with a {@code "type"} discriminator. Optional fields that are
 * unset are left out, so a seed client sees exactly the seed shape. Unknown JSON fields are
 * ignored; JSON {@code null} counts as absent. Fields of a {@code DataFrame} that the JSON shape
 * has no place for are dropped on encode: {@code messageId} is carried only on slide/black/sync
 * (on {@code ack} and {@code error} it is the inner {@code message_id}), and {@code revision} only
 * on slide/black/sync ({@code ack} carries {@code applied_revision} as {@code "revision"}).
 */
public final class JsonFrameCodec implements FrameCodec {
    /** The shared, stateless instance. */
    public static final JsonFrameCodec INSTANCE = new JsonFrameCodec();

    // Configured once, then only read: ObjectMapper is thread-safe in that use.
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // {"type":"a","type":"b"} is ambiguous
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{...} junk" is not one frame
            .build();

    private JsonFrameCodec() {
    }

    @Override
    public WireFormat format() {
        return WireFormat.JSON;
    }

    @Override
    public byte[] encodeData(DataFrame frame) {
        return write(JsonDataMapping.encode(frame));
    }

    @Override
    public DataFrame decodeData(byte[] bytes) throws ProtocolException {
        FrameValidator.checkSize(bytes, ProtocolLimits.MAX_DATA_FRAME_BYTES, "data");
        DataFrame frame = JsonDataMapping.decode(read(bytes));
        FrameValidator.validate(frame);
        return frame;
    }

    @Override
    public byte[] encodeSignaling(SignalingFrame frame) {
        return write(JsonSignalingMapping.encode(frame));
    }

    @Override
    public SignalingFrame decodeSignaling(byte[] bytes) throws ProtocolException {
        FrameValidator.checkSize(bytes, ProtocolLimits.MAX_SIGNALING_FRAME_BYTES, "signaling");
        SignalingFrame frame = JsonSignalingMapping.decode(read(bytes));
        FrameValidator.validate(frame);
        return frame;
    }

    /** {@link #encodeData} as a string, for text WebSocket / data-channel messages. */
    public String encodeDataText(DataFrame frame) {
        return new String(encodeData(frame), StandardCharsets.UTF_8);
    }

    /** {@link #decodeData} from a string; the size limit applies to its UTF-8 encoding. */
    public DataFrame decodeDataText(String text) throws ProtocolException {
        return decodeData(utf8(text));
    }

    /** {@link #encodeSignaling} as a string. */
    public String encodeSignalingText(SignalingFrame frame) {
        return new String(encodeSignaling(frame), StandardCharsets.UTF_8);
    }

    /** {@link #decodeSignaling} from a string; the size limit applies to its UTF-8 encoding. */
    public SignalingFrame decodeSignalingText(String text) throws ProtocolException {
        return decodeSignaling(utf8(text));
    }

    private static byte[] utf8(String text) {
        // null stays null so checkSize reports it as MALFORMED rather than this throwing an NPE
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode read(byte[] bytes) throws ProtocolException {
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw new ProtocolException(ProtocolErrorCode.MALFORMED,
                    "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // readTree on a byte array only reports parse problems, but stay total anyway
            throw new ProtocolException(ProtocolErrorCode.MALFORMED, "malformed JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ProtocolException(ProtocolErrorCode.MALFORMED, "malformed JSON: empty input");
        }
        return node;
    }

    private byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serializes; this would be a Jackson bug
            throw new UncheckedIOException(e);
        }
    }
}
