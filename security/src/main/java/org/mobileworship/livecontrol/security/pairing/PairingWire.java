package org.mobileworship.livecontrol.security.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Base64;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound1Payload;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound2Payload;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound3Payload;

/**
 * The pairing messages as JSON, so a browser can pair later with the same messages: numbers of the J-PAKE
 * payloads as lower-case hex strings, keys and MACs as standard base64. Every message has a {@code type}:
 * {@code pair-hello}, {@code pair-reply}, {@code pair-proof}, {@code pair-grant}, or {@code error}
 * (docs/protocol.md, "Pairing").
 */
public final class PairingWire {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Upper bound of one message's size; a 3072-bit J-PAKE message is about 3 KiB. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;

    private PairingWire() {
    }

    /** A message that does not parse as the expected pairing message; the text says which field. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    public static ObjectNode hello(PairingMessages.Hello h) {
        ObjectNode n = JSON.createObjectNode().put("type", "pair-hello")
                .put("secret", h.secret() == PairingMessages.Secret.TOKEN ? "token" : "code");
        n.set("round1", round1(h.round1()));
        return n;
    }

    public static PairingMessages.Hello hello(JsonNode n) throws MalformedException {
        expectType(n, "pair-hello");
        String secret = text(n, "secret");
        PairingMessages.Secret s = switch (secret) {
            case "code" -> PairingMessages.Secret.CODE;
            case "token" -> PairingMessages.Secret.TOKEN;
            default -> throw new MalformedException("'secret' must be 'code' or 'token', not '" + secret + "'");
        };
        return new PairingMessages.Hello(s, round1(object(n, "round1")));
    }

    public static ObjectNode reply(String exchange, PairingMessages.Reply r) {
        ObjectNode n = JSON.createObjectNode().put("type", "pair-reply").put("exchange", exchange);
        n.set("round1", round1(r.round1()));
        n.set("round2", round2(r.round2()));
        return n;
    }

    public static PairingMessages.Reply reply(JsonNode n) throws MalformedException {
        expectType(n, "pair-reply");
        return new PairingMessages.Reply(round1(object(n, "round1")), round2(object(n, "round2")));
    }

    public static ObjectNode proof(String exchange, PairingMessages.Proof p) {
        ObjectNode n = JSON.createObjectNode().put("type", "pair-proof").put("exchange", exchange);
        n.set("round2", round2(p.round2()));
        n.set("round3", round3(p.round3()));
        n.put("publicKey", b64(p.devicePublicKey())).put("keyMac", b64(p.deviceKeyMac()));
        return n;
    }

    public static PairingMessages.Proof proof(JsonNode n) throws MalformedException {
        expectType(n, "pair-proof");
        return new PairingMessages.Proof(round2(object(n, "round2")), round3(object(n, "round3")),
                bytes(n, "publicKey"), bytes(n, "keyMac"));
    }

    /** The grant, plus the room's trust list (signed by the controller whose key the grant carries). */
    public static ObjectNode grant(PairingMessages.Grant g, String trustList) {
        ObjectNode n = JSON.createObjectNode().put("type", "pair-grant");
        n.set("round3", round3(g.round3()));
        n.put("role", g.role()).put("name", g.name()).put("controllerKey", b64(g.controllerPublicKey()))
                .put("grantMac", b64(g.grantMac())).put("trustList", trustList);
        return n;
    }

    public static PairingMessages.Grant grant(JsonNode n) throws MalformedException {
        expectType(n, "pair-grant");
        return new PairingMessages.Grant(round3(object(n, "round3")), text(n, "role"), text(n, "name"),
                bytes(n, "controllerKey"), bytes(n, "grantMac"));
    }

    /** The controller's answer to {@code pair-token-hello}: the exchange and its nonce. */
    public static ObjectNode tokenChallenge(String exchange, String nonce) {
        return JSON.createObjectNode().put("type", "pair-token-challenge").put("exchange", exchange)
                .put("nonce", nonce);
    }

    /** The token exchange's grant: what was granted, the room's trust list, and the controller's MAC over both. */
    public static ObjectNode tokenGrant(PairingWindow.TokenGrant g, String trustList) {
        return JSON.createObjectNode().put("type", "pair-token-grant").put("role", g.role()).put("name", g.name())
                .put("controllerKey", b64(g.controllerPublicKey())).put("trustList", trustList)
                .put("mac", b64(g.mac(trustList)));
    }

    public static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("type", "error").put("code", code).put("message", message);
    }

    // ------------------------------------------------------------------ payloads

    private static ObjectNode round1(JPAKERound1Payload p) {
        ObjectNode n = JSON.createObjectNode().put("participantId", p.getParticipantId())
                .put("gx1", hex(p.getGx1())).put("gx2", hex(p.getGx2()));
        n.set("zkp1", hexes(p.getKnowledgeProofForX1()));
        n.set("zkp2", hexes(p.getKnowledgeProofForX2()));
        return n;
    }

    private static JPAKERound1Payload round1(JsonNode n) throws MalformedException {
        return new JPAKERound1Payload(text(n, "participantId"), number(n, "gx1"), number(n, "gx2"),
                numbers(n, "zkp1"), numbers(n, "zkp2"));
    }

    private static ObjectNode round2(JPAKERound2Payload p) {
        ObjectNode n = JSON.createObjectNode().put("participantId", p.getParticipantId()).put("a", hex(p.getA()));
        n.set("zkp", hexes(p.getKnowledgeProofForX2s()));
        return n;
    }

    private static JPAKERound2Payload round2(JsonNode n) throws MalformedException {
        return new JPAKERound2Payload(text(n, "participantId"), number(n, "a"), numbers(n, "zkp"));
    }

    private static ObjectNode round3(JPAKERound3Payload p) {
        return JSON.createObjectNode().put("participantId", p.getParticipantId()).put("macTag", hex(p.getMacTag()));
    }

    private static JPAKERound3Payload round3(JsonNode n) throws MalformedException {
        return new JPAKERound3Payload(text(n, "participantId"), number(n, "macTag"));
    }

    // ------------------------------------------------------------------ fields

    private static void expectType(JsonNode n, String type) throws MalformedException {
        if (n == null || !n.isObject()) {
            throw new MalformedException("a pairing message is a JSON object");
        }
        if (!type.equals(n.path("type").asText())) {
            throw new MalformedException("expected a '" + type + "' message, got type '" + n.path("type").asText()
                    + "'");
        }
    }

    private static JsonNode object(JsonNode n, String field) throws MalformedException {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new MalformedException("field '" + field + "' must be an object");
        }
        return v;
    }

    static String text(JsonNode n, String field) throws MalformedException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedException("field '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static String hex(BigInteger v) {
        return v.toString(16);
    }

    private static ArrayNode hexes(BigInteger[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (BigInteger v : values) {
            a.add(hex(v));
        }
        return a;
    }

    private static BigInteger number(JsonNode n, String field) throws MalformedException {
        String t = text(n, field);
        if (t.length() > 2048 || !t.matches("-?[0-9a-f]+")) {
            throw new MalformedException("field '" + field + "' must be a lower-case hex number (a leading - for a negative one)");
        }
        return new BigInteger(t, 16);
    }

    private static BigInteger[] numbers(JsonNode n, String field) throws MalformedException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray() || v.size() != 2) {
            throw new MalformedException("field '" + field + "' must be an array of two hex numbers");
        }
        BigInteger[] out = new BigInteger[2];
        for (int i = 0; i < 2; i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.asText().length() > 2048 || !e.asText().matches("-?[0-9a-f]+")) {
                throw new MalformedException("field '" + field + "' must be an array of two hex numbers");
            }
            out[i] = new BigInteger(e.asText(), 16);
        }
        return out;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] bytes(JsonNode n, String field) throws MalformedException {
        try {
            return Base64.getDecoder().decode(text(n, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("field '" + field + "' must be standard base64");
        }
    }
}
