package org.mobileworship.livecontrol.protocol.internal;

import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.MALFORMED;
import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.UNKNOWN_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Optional;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.Ack;
import org.mobileworship.livecontrol.protocol.v1.Black;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Error;
import org.mobileworship.livecontrol.protocol.v1.LiveState;
import org.mobileworship.livecontrol.protocol.v1.Ping;
import org.mobileworship.livecontrol.protocol.v1.Pong;
import org.mobileworship.livecontrol.protocol.v1.Revision;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.protocol.v1.Sync;

/**
 * Hand-written mapping between {@link DataFrame} and the seed's data-channel JSON shapes
 * ({@code LiveControlMessage} / {@code LiveControlResponse}). Decoding here checks JSON types and
 * scalar presence only; {@link FrameValidator} does the rest.
 */
public final class JsonDataMapping {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonDataMapping() {
    }

    /** Maps a parsed JSON document to a (not yet validated) data frame. */
    public static DataFrame decode(JsonNode root) throws ProtocolException {
        JsonFields f = new JsonFields(object(root, "data"), typeOf(root));
        DataFrame.Builder b = DataFrame.newBuilder();
        switch (f.type()) {
            case "slide" -> {
                b.setSlide(Slide.newBuilder()
                        .setEventId(f.string("eventId"))
                        .setItemId(f.string("itemId"))
                        .setSlideIndex(f.requiredInt32("slideIndex")));
                controlEnvelope(f, b);
            }
            case "black" -> {
                b.setBlack(Black.newBuilder()
                        .setEventId(f.string("eventId"))
                        .setIsBlack(f.requiredBool("isBlack")));
                controlEnvelope(f, b);
            }
            case "sync" -> {
                Sync.Builder sync = Sync.newBuilder().setEventId(f.string("eventId"));
                Optional<JsonFields> state = f.object("fullState", "fullState");
                if (state.isPresent()) {
                    sync.setFullState(liveState(state.get()));
                }
                b.setSync(sync);
                controlEnvelope(f, b);
            }
            case "ping" -> b.setPing(Ping.newBuilder().setTimestamp(f.requiredInt64("timestamp")));
            case "pong" -> b.setPong(Pong.newBuilder().setTimestamp(f.requiredInt64("timestamp")));
            case "ack" -> {
                Ack.Builder ack = Ack.newBuilder().setMessageId(f.string("messageId"));
                Optional<JsonFields> revision = f.object("revision", "revision");
                if (revision.isPresent()) {
                    ack.setAppliedRevision(revision(revision.get()));
                }
                b.setAck(ack);
            }
            case "error" -> b.setError(Error.newBuilder()
                    .setCode(f.string("code"))
                    .setMessage(f.string("message"))
                    .setMessageId(f.string("messageId")));
            default -> throw new ProtocolException(UNKNOWN_TYPE,
                    "unknown data message type '" + JsonFields.abbreviate(f.type()) + "'");
        }
        return b.build();
    }

    /** Maps a data frame to its JSON shape. */
    public static ObjectNode encode(DataFrame f) {
        ObjectNode n = NODES.objectNode();
        switch (f.getBodyCase()) {
            case SLIDE -> {
                Slide s = f.getSlide();
                n.put("type", "slide").put("eventId", s.getEventId()).put("itemId", s.getItemId())
                        .put("slideIndex", s.getSlideIndex());
                putControlEnvelope(n, f);
            }
            case BLACK -> {
                Black s = f.getBlack();
                n.put("type", "black").put("eventId", s.getEventId()).put("isBlack", s.getIsBlack());
                putControlEnvelope(n, f);
            }
            case SYNC -> {
                Sync s = f.getSync();
                n.put("type", "sync").put("eventId", s.getEventId());
                if (s.hasFullState()) {
                    n.set("fullState", encode(s.getFullState()));
                }
                putControlEnvelope(n, f);
            }
            case PING -> n.put("type", "ping").put("timestamp", f.getPing().getTimestamp());
            case PONG -> n.put("type", "pong").put("timestamp", f.getPong().getTimestamp());
            case ACK -> {
                n.put("type", "ack").put("messageId", f.getAck().getMessageId());
                if (f.getAck().hasAppliedRevision()) {
                    n.set("revision", encode(f.getAck().getAppliedRevision()));
                }
            }
            case ERROR -> {
                Error e = f.getError();
                n.put("type", "error").put("code", e.getCode()).put("message", e.getMessage());
                putIfNotEmpty(n, "messageId", e.getMessageId());
            }
            case BODY_NOT_SET -> throw new IllegalArgumentException("data frame has no body to encode");
        }
        return n;
    }

    /** The top-level JSON value, which must be an object. */
    static ObjectNode object(JsonNode root, String kind) throws ProtocolException {
        if (!root.isObject()) {
            throw new ProtocolException(MALFORMED, "malformed " + kind + " frame: expected a JSON object, got "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return (ObjectNode) root;
    }

    /** The {@code "type"} discriminator; anything but a non-empty string is an unknown type. */
    static String typeOf(JsonNode root) throws ProtocolException {
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw new ProtocolException(UNKNOWN_TYPE, "missing message type field 'type'");
        }
        if (!type.isTextual()) {
            throw new ProtocolException(UNKNOWN_TYPE,
                    "unknown message type " + JsonFields.abbreviate(type.toString()) + " (not a string)");
        }
        return type.textValue();
    }

    static void putIfNotEmpty(ObjectNode n, String name, String value) {
        if (!value.isEmpty()) {
            n.put(name, value);
        }
    }

    // slide/black/sync share the seed's messageId plus livecontrol's optional revision
    private static void controlEnvelope(JsonFields f, DataFrame.Builder b) throws ProtocolException {
        b.setMessageId(f.string("messageId"));
        Optional<JsonFields> revision = f.object("revision", "revision");
        if (revision.isPresent()) {
            b.setRevision(revision(revision.get()));
        }
    }

    private static void putControlEnvelope(ObjectNode n, DataFrame f) {
        n.put("messageId", f.getMessageId());
        if (f.hasRevision()) {
            n.set("revision", encode(f.getRevision()));
        }
    }

    private static LiveState liveState(JsonFields f) throws ProtocolException {
        LiveState.Builder b = LiveState.newBuilder()
                .setEventId(f.string("eventId"))
                .setItemId(f.string("itemId"))
                .setSlideIndex(f.int32("slideIndex"))
                .setIsBlack(f.bool("isBlack"));
        Optional<JsonFields> revision = f.object("revision", "revision");
        if (revision.isPresent()) {
            b.setRevision(revision(revision.get()));
        }
        Optional<JsonFields> blackRevision = f.object("blackRevision", "blackRevision");
        if (blackRevision.isPresent()) {
            b.setBlackRevision(revision(blackRevision.get()));
        }
        return b.build();
    }

    private static ObjectNode encode(LiveState s) {
        // a state snapshot is complete by nature, so every scalar is always written
        ObjectNode n = NODES.objectNode()
                .put("eventId", s.getEventId())
                .put("itemId", s.getItemId())
                .put("slideIndex", s.getSlideIndex())
                .put("isBlack", s.getIsBlack());
        if (s.hasRevision()) {
            n.set("revision", encode(s.getRevision()));
        }
        if (s.hasBlackRevision()) {
            n.set("blackRevision", encode(s.getBlackRevision()));
        }
        return n;
    }

    private static Revision revision(JsonFields f) throws ProtocolException {
        return Revision.newBuilder()
                .setCounter(f.requiredUint64("counter"))
                .setControllerId(f.string("controllerId"))
                .build();
    }

    private static ObjectNode encode(Revision r) {
        ObjectNode n = NODES.objectNode();
        putUint64(n, "counter", r.getCounter());
        return n.put("controllerId", r.getControllerId());
    }

    /** Writes protobuf's uint64-in-a-long as the unsigned JSON number it stands for. */
    static void putUint64(ObjectNode n, String name, long value) {
        if (value >= 0) {
            n.put(name, value);
        } else {
            n.put(name, new BigInteger(Long.toUnsignedString(value)));
        }
    }
}
