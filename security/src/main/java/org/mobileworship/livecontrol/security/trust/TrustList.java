package org.mobileworship.livecontrol.security.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

/**
 * One version of the room's trust list, signed by a controller's device key.
 *
 * <p>The document is JSON: {@code {"format":"livecontrol-trust-list/1","body":"<JSON text>","signerKey":"<base64
 * DER>","signature":"<base64 P1363>"}}. The body travels as a string so the signed bytes survive any re-encoding
 * (no JSON canonicalisation needed; a browser verifies the same bytes with WebCrypto). The body is
 * {@code {"version":N,"issuedAt":"<ISO-8601>","devices":[{"peerId","publicKey","role","name","added","removed"}]}};
 * {@code removed} is absent while the device is a member. Removed devices stay listed, so a removal is itself
 * versioned data: a device holding an older list adopts the removal, and nobody can re-add the key with an
 * older, still validly signed version.
 */
public final class TrustList {
    /** The document's format tag. */
    public static final String FORMAT = "livecontrol-trust-list/1";
    /** Domain label of the signature transcript ({@link DeviceProofs#transcript}). */
    static final String SIGNATURE_LABEL = "livecontrol/v1 trust list";
    /** Roles a device may be paired with. */
    public static final List<String> ROLES = List.of("controller", "display");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DOCUMENT_CHARS = 48 * 1024;

    /** One device of the list. {@code removed} is null while it is a member. */
    public record Device(String peerId, String publicKey, String role, String name, String added, String removed) {
        public Device {
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(added, "added");
        }

        public boolean active() {
            return removed == null;
        }
    }

    private final long version;
    private final Instant issuedAt;
    private final List<Device> devices;
    private final String signerKey;
    private final String signerId;
    private final String document;

    private TrustList(long version, Instant issuedAt, List<Device> devices, String signerKey, String document) {
        this.version = version;
        this.issuedAt = issuedAt;
        this.devices = List.copyOf(devices);
        this.signerKey = signerKey;
        this.signerId = DeviceProofs.peerIdOf(Base64.getDecoder().decode(signerKey));
        this.document = document;
    }

    /** A first list: the founding controller alone. */
    public static TrustList founding(DeviceKey controller, String name, Instant now) {
        String id = DeviceProofs.peerIdOf(controller.publicKey());
        Device me = new Device(id, Base64.getEncoder().encodeToString(controller.publicKey()), "controller", name,
                now.toString(), null);
        return sign(1, List.of(me), controller, now);
    }

    /** Signs {@code devices} as version {@code version} with {@code signer}'s key. */
    public static TrustList sign(long version, List<Device> devices, DeviceKey signer, Instant now) {
        ObjectNode body = JSON.createObjectNode().put("version", version).put("issuedAt", now.toString());
        ArrayNode list = body.putArray("devices");
        for (Device d : devices) {
            ObjectNode n = list.addObject().put("peerId", d.peerId()).put("publicKey", d.publicKey())
                    .put("role", d.role()).put("name", d.name()).put("added", d.added());
            if (d.removed() != null) {
                n.put("removed", d.removed());
            }
        }
        String bodyText = body.toString();
        String key = Base64.getEncoder().encodeToString(signer.publicKey());
        byte[] signature = signer.sign(transcript(bodyText));
        String document = JSON.createObjectNode().put("format", FORMAT).put("body", bodyText).put("signerKey", key)
                .put("signature", Base64.getEncoder().encodeToString(signature)).toString();
        return new TrustList(version, now, devices, key, document);
    }

    private static byte[] transcript(String body) {
        return DeviceProofs.transcript(SIGNATURE_LABEL, body);
    }

    /**
     * Parses a document and checks its signature against the key it names. Whether that key may sign lists for
     * this device is the {@link TrustStore}'s decision.
     *
     * @throws TrustListException naming what is wrong
     */
    public static TrustList parse(String document) throws TrustListException {
        if (document == null || document.isBlank()) {
            throw new TrustListException("empty trust list");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new TrustListException("trust list larger than " + MAX_DOCUMENT_CHARS + " characters");
        }
        try {
            JsonNode root = JSON.readTree(document);
            if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
                throw new TrustListException("not a trust list: 'format' must be '" + FORMAT + "'");
            }
            String bodyText = text(root, "body");
            String key = text(root, "signerKey");
            byte[] keyDer = Base64.getDecoder().decode(key);
            byte[] signature = Base64.getDecoder().decode(text(root, "signature"));
            if (!DeviceProofs.verify(keyDer, transcript(bodyText), signature)) {
                throw new TrustListException("the trust list's signature does not verify against its signerKey");
            }
            return parseBody(bodyText, key, document);
        } catch (JsonProcessingException e) {
            throw new TrustListException("trust list is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new TrustListException("trust list has a malformed field: " + e.getMessage());
        }
    }

    /**
     * The part of {@link #parse} behind the signature: the signed body's version, date and entries. Separate so
     * the body's parser is fuzzed on its own (without an ECDSA signature per input, see docs/fuzzing.md); the
     * only caller in the product is {@link #parse}, after the signature verified.
     */
    static TrustList parseBody(String bodyText, String signerKey, String document) throws TrustListException {
        try {
            JsonNode body = JSON.readTree(bodyText);
            long version = body.path("version").asLong(0);
            if (version < 1) {
                throw new TrustListException("trust list 'version' must be a positive integer");
            }
            Instant issuedAt = Instant.parse(text(body, "issuedAt"));
            List<Device> devices = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (JsonNode d : body.path("devices")) {
                String pk = text(d, "publicKey");
                String id = text(d, "peerId");
                if (!DeviceProofs.peerIdOf(Base64.getDecoder().decode(pk)).equals(id)) {
                    throw new TrustListException("trust list entry '" + id + "' is not the id of its publicKey");
                }
                String role = text(d, "role");
                if (!ROLES.contains(role)) {
                    throw new TrustListException("trust list entry '" + id + "' has role '" + role
                            + "'; roles are " + ROLES);
                }
                if (!seen.add(id)) {
                    throw new TrustListException("trust list lists '" + id + "' twice");
                }
                String removed = d.hasNonNull("removed") ? d.get("removed").asText() : null;
                devices.add(new Device(id, pk, role, text(d, "name"), text(d, "added"), removed));
            }
            return new TrustList(version, issuedAt, devices, signerKey, document);
        } catch (JsonProcessingException e) {
            throw new TrustListException("trust list is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new TrustListException("trust list has a malformed field: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) throws TrustListException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new TrustListException("trust list field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    public long version() {
        return version;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** Every device, members and removed ones, in the order they were added. */
    public List<Device> devices() {
        return devices;
    }

    /** The id of the controller whose key signed this version. */
    public String signerId() {
        return signerId;
    }

    /** The signed JSON document, byte for byte as signed. */
    public String document() {
        return document;
    }

    /** The member {@code peerId}, if it is one (not removed). */
    public Optional<Device> member(String peerId) {
        return devices.stream().filter(d -> d.peerId().equals(peerId) && d.active()).findFirst();
    }

    /** Whether {@code peerId} is a member paired as a controller (controllers sign lists and open windows). */
    public boolean isController(String peerId) {
        return member(peerId).map(d -> d.role().equals("controller")).orElse(false);
    }

    /**
     * The next version with {@code device} added (replacing an earlier entry of the same key, so a removed device
     * can be paired again on purpose), signed by {@code signer}.
     */
    public TrustList with(Device device, DeviceKey signer, Instant now) {
        List<Device> next = new ArrayList<>();
        for (Device d : devices) {
            if (!d.peerId().equals(device.peerId())) {
                next.add(d);
            }
        }
        next.add(device);
        return sign(version + 1, next, signer, now);
    }

    /**
     * The next version with the active member {@code peerId} named {@code name} (what operators see in lists and
     * consoles; its key, role and dates are kept), signed by {@code signer}.
     *
     * @throws IllegalArgumentException if {@code peerId} is no active member, or the name is blank or over 64
     *                                  characters
     */
    public TrustList renamed(String peerId, String name, DeviceKey signer, Instant now) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a device name must be 1 to 64 characters, not '" + name + "'");
        }
        Device d = member(peerId).orElseThrow(() -> new IllegalArgumentException("'" + peerId
                + "' is not a member of the trust list"));
        return with(new Device(d.peerId(), d.publicKey(), d.role(), name.strip(), d.added(), null), signer, now);
    }

    /** The next version with {@code peerId} marked removed, signed by {@code signer}. */
    public TrustList without(String peerId, DeviceKey signer, Instant now) {
        List<Device> next = new ArrayList<>();
        boolean found = false;
        for (Device d : devices) {
            if (d.peerId().equals(peerId) && d.active()) {
                next.add(new Device(d.peerId(), d.publicKey(), d.role(), d.name(), d.added(), now.toString()));
                found = true;
            } else {
                next.add(d);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("'" + peerId + "' is not a member of the trust list");
        }
        return sign(version + 1, next, signer, now);
    }

    /** The document's bytes (UTF-8), for size checks. */
    public int size() {
        return document.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "trust list v" + version + " (" + devices.stream().filter(Device::active).count() + " members, signed by "
                + signerId + ")";
    }
}
