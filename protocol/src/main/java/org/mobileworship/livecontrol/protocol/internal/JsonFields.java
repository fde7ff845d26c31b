package org.mobileworship.livecontrol.protocol.internal;

import static org.mobileworship.livecontrol.protocol.ProtocolErrorCode.INVALID_FIELD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mobileworship.livecontrol.protocol.ProtocolException;

/**
 * Strict, typed reads from one JSON object of a known message type. Wrong JSON types are
 * {@code INVALID_FIELD}; absent or {@code null} values are {@code MISSING_FIELD} for the
 * {@code required*} readers and the proto3 default otherwise (required strings are then caught by
 * {@link FrameValidator}, which both codecs share).
 */
public final class JsonFields {
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final ObjectNode node;
    private final String type;

    JsonFields(ObjectNode node, String type) {
        this.node = node;
        this.type = type;
    }

    /** The message type name used in error messages. */
    String type() {
        return type;
    }

    /** The value, or {@code null} when absent or JSON {@code null}. */
    JsonNode get(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    String string(String name) throws ProtocolException {
        JsonNode v = get(name);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw invalid(name, "expected a string", v);
        }
        return v.textValue();
    }

    boolean requiredBool(String name) throws ProtocolException {
        JsonNode v = required(name);
        if (!v.isBoolean()) {
            throw invalid(name, "expected a boolean", v);
        }
        return v.booleanValue();
    }

    boolean bool(String name) throws ProtocolException {
        return get(name) != null && requiredBool(name);
    }

    int requiredInt32(String name) throws ProtocolException {
        JsonNode v = required(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(name, "expected a 32-bit integer", v);
        }
        return v.intValue();
    }

    int int32(String name) throws ProtocolException {
        return get(name) == null ? 0 : requiredInt32(name);
    }

    long requiredInt64(String name) throws ProtocolException {
        JsonNode v = required(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(name, "expected a 64-bit integer", v);
        }
        return v.longValue();
    }

    long int64(String name) throws ProtocolException {
        return get(name) == null ? 0 : requiredInt64(name);
    }

    /** An unsigned 64-bit value, returned in a long's bits as protobuf does. */
    long requiredUint64(String name) throws ProtocolException {
        JsonNode v = required(name);
        if (!v.isIntegralNumber()) {
            throw invalid(name, "expected a non-negative integer", v);
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(UINT64_LIMIT) >= 0) {
            throw invalid(name, "expected an unsigned 64-bit integer", v);
        }
        return b.longValue();
    }

    long uint64(String name) throws ProtocolException {
        return get(name) == null ? 0 : requiredUint64(name);
    }

    /** A nested object read with {@code nestedType} as its type name in errors; empty when absent. */
    Optional<JsonFields> object(String name, String nestedType) throws ProtocolException {
        JsonNode v = get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw invalid(name, "expected an object", v);
        }
        return Optional.of(new JsonFields((ObjectNode) v, nestedType));
    }

    /** An array of strings; an absent array is empty. */
    List<String> strings(String name) throws ProtocolException {
        JsonNode v = get(name);
        List<String> result = new ArrayList<>();
        if (v == null) {
            return result;
        }
        if (!v.isArray()) {
            throw invalid(name, "expected an array of strings", v);
        }
        for (JsonNode element : v) {
            if (!element.isTextual()) {
                throw invalid(name, "expected an array of strings", element);
            }
            result.add(element.asText());
        }
        return result;
    }

    /** An array of objects; an absent array is empty. */
    List<JsonFields> objects(String name, String elementType) throws ProtocolException {
        JsonNode v = get(name);
        List<JsonFields> result = new ArrayList<>();
        if (v == null) {
            return result;
        }
        if (!v.isArray()) {
            throw invalid(name, "expected an array", v);
        }
        for (JsonNode element : v) {
            if (!element.isObject()) {
                throw invalid(name, "expected an array of objects", element);
            }
            result.add(new JsonFields((ObjectNode) element, elementType));
        }
        return result;
    }

    private JsonNode required(String name) throws ProtocolException {
        JsonNode v = get(name);
        if (v == null) {
            throw FrameValidator.missing(name, type);
        }
        return v;
    }

    ProtocolException invalid(String name, String expectation, JsonNode actual) {
        return new ProtocolException(INVALID_FIELD, "invalid field '" + name + "' in '" + type + "': "
                + expectation + ", got " + actual.getNodeType().name().toLowerCase(Locale.ROOT)
                + " " + abbreviate(actual.toString()));
    }

    /** Keeps error messages bounded when they quote peer-supplied values. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
