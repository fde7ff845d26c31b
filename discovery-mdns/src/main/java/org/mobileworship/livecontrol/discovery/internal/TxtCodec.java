package org.mobileworship.livecontrol.discovery.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

/**
 * Announcement ⇄ DNS-SD TXT keys ({@code peer-id, peer-type, display-class, priority, started, leader-id, term,
 * port, proto, name}). Decoding is defensive: it never throws, and classifies a record as usable, incomplete
 * (empty TXT, as jmdns first reports it: wait for the filled one) or invalid (with the reason to log).
 */
public final class TxtCodec {
    /** Longest display name announced/accepted, in characters. */
    public static final int MAX_NAME_CHARS = 64;
    /** Longest peer-type name accepted from a (future-version) peer. */
    public static final int MAX_TYPE_CHARS = 32;
    /** A DNS-SD TXT string holds at most 255 bytes including "key=". */
    static final int MAX_ENTRY_BYTES = 255;

    private TxtCodec() {
    }

    /** Outcome of decoding one TXT record. */
    public sealed interface Decoded permits Ok, Incomplete, Invalid {
    }

    /** Usable record. */
    public record Ok(Announcement announcement) implements Decoded {
    }

    /** Nothing (yet) to decode: jmdns' first resolution may carry an empty TXT. */
    public record Incomplete(String reason) implements Decoded {
    }

    /** Malformed record: ignore the peer (log once). */
    public record Invalid(String reason) implements Decoded {
    }

    public static Map<String, String> encode(Announcement a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("peer-id", a.peerId().value());
        m.put("peer-type", a.peerType().wireName());
        if (a.peerType() instanceof PeerType.Display d) {
            m.put("display-class", d.displayClass().wireName());
        }
        m.put("priority", Integer.toString(a.priority()));
        m.put("started", Long.toString(a.startedAtMillis()));
        m.put("leader-id", a.leaderId() == null ? "" : a.leaderId().value());
        m.put("term", Long.toString(a.term()));
        m.put("port", Integer.toString(a.signalingPort()));
        m.put("proto", Integer.toString(a.protocolVersion()));
        m.put("name", truncateName(a.displayName()));
        return m;
    }

    /** Cleans and truncates a display name so that "name=value" fits one TXT string. */
    static String truncateName(String name) {
        StringBuilder sb = new StringBuilder();
        int bytes = "name=".length();
        int chars = 0;
        for (int i = 0; i < name.length() && chars < MAX_NAME_CHARS; ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp)) {
                continue;
            }
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_ENTRY_BYTES) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += len;
            chars++;
        }
        return sb.toString();
    }

    /**
     * DNS-SD instance name for a peer: the peer id itself when it is a valid DNS label (UUIDs are), else a
     * stable hash of it (the TXT {@code peer-id} stays authoritative).
     */
    public static String instanceName(PeerId id) {
        String v = id.value();
        if (v.getBytes(StandardCharsets.UTF_8).length <= 63 && v.matches("[A-Za-z0-9_-]+")) {
            return v;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.UTF_8));
            return "lc-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The TXT properties jmdns parsed from a record's raw bytes (any bytes a device on the network sent).
     * {@code getPropertyString} maps a key without '=' (how jmdns encodes an empty value) to "true"; the raw bytes
     * keep it empty, so an empty leader-id is never read as a leader called "true".
     */
    public static Map<String, String> properties(javax.jmdns.ServiceInfo info) {
        Map<String, String> txt = new java.util.LinkedHashMap<>();
        java.util.Enumeration<String> names = info.getPropertyNames();
        while (names.hasMoreElements()) {
            String k = names.nextElement();
            byte[] raw = info.getPropertyBytes(k);
            txt.put(k, raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8));
        }
        return txt;
    }

    public static Decoded decode(Map<String, String> txt) {
        if (txt == null || txt.keySet().stream().allMatch(k -> k == null || k.isBlank())) {
            return new Incomplete("empty TXT");
        }
        for (Map.Entry<String, String> e : txt.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue();
            if (e.getKey().length() + 1 + v.length() > MAX_ENTRY_BYTES) {
                return new Invalid("value of '" + e.getKey() + "' is " + v.length() + " characters, too long");
            }
        }
        String rawId = txt.get("peer-id");
        if (rawId == null || rawId.isEmpty()) {
            return new Invalid("missing peer-id");
        }
        PeerId id;
        try {
            id = PeerId.of(rawId);
        } catch (IllegalArgumentException e) {
            return new Invalid("invalid peer-id: " + e.getMessage());
        }
        String type = txt.get("peer-type");
        if (type == null || type.isBlank()) {
            return new Invalid("missing peer-type");
        }
        if (type.length() > MAX_TYPE_CHARS || !type.matches("[A-Za-z0-9_.-]+")) {
            return new Invalid("invalid peer-type '" + abbreviate(type) + "'");
        }
        PeerType peerType = PeerType.fromWire(type, txt.get("display-class"));
        String startedRaw = txt.get("started");
        if (startedRaw == null) {
            return new Invalid("missing started");
        }
        long started;
        long term;
        int port;
        int proto;
        try {
            started = nonNegativeLong(startedRaw, "started");
            term = txt.containsKey("term") ? nonNegativeLong(txt.get("term"), "term") : 0;
            long p = txt.containsKey("port") ? nonNegativeLong(txt.get("port"), "port") : 0;
            if (p > 65535) {
                return new Invalid("port " + p + " out of range");
            }
            port = (int) p;
            long pv = txt.containsKey("proto") ? nonNegativeLong(txt.get("proto"), "proto") : 1;
            if (pv < 1 || pv > Integer.MAX_VALUE) {
                return new Invalid("proto " + pv + " out of range");
            }
            proto = (int) pv;
            if (txt.containsKey("priority")) {
                long pr = nonNegativeLong(txt.get("priority"), "priority");
                if (pr > 1000) {
                    return new Invalid("priority " + pr + " out of range");
                }
                // The rank used by the election is derived from peer-type; a number that disagrees is not
                // trusted (it cannot make a peer win an election it should not).
            }
        } catch (NumberFormatException e) {
            return new Invalid(e.getMessage());
        }
        PeerId leader = null;
        String rawLeader = txt.get("leader-id");
        if (rawLeader != null && !rawLeader.isEmpty()) {
            try {
                leader = PeerId.of(rawLeader);
            } catch (IllegalArgumentException e) {
                return new Invalid("invalid leader-id: " + e.getMessage());
            }
        }
        // cleaned first, then the fallback: a name of only control characters or blanks is no name (the
        // fuzzer found one that decoded to "" here but to the peer id once re-announced)
        String name = txt.get("name") == null ? "" : truncateName(txt.get("name"));
        name = name.isBlank() ? id.value() : name;
        return new Ok(new Announcement(id, peerType, name, started, leader, term, port, proto));
    }

    private static long nonNegativeLong(String raw, String key) {
        long v;
        try {
            v = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new NumberFormatException(key + " '" + abbreviate(raw) + "' is not a number");
        }
        if (v < 0) {
            throw new NumberFormatException(key + " " + v + " is negative");
        }
        return v;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
