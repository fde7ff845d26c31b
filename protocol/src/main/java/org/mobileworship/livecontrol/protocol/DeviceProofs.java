package org.mobileworship.livecontrol.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * The shared rules of device identity on the wire, used by the signaling server (to verify) and by devices
 * (to prove): how a peer id is derived from a device's public key, what a registration signs, and how a
 * signature is checked. Keys are ECDSA on P-256 with SHA-256 (the JDK and browsers' WebCrypto both support it);
 * signatures use the IEEE P1363 encoding ({@code r || s}, 64 bytes) that WebCrypto produces. JDK only.
 */
public final class DeviceProofs {
    /** Prefix of every key-bound peer id. */
    public static final String KEY_ID_PREFIX = "k-";
    /** JDK name of the signature scheme. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSAinP1363Format";
    /** "k-" + 64 hex digits of a SHA-256 digest. */
    private static final int KEY_ID_LENGTH = KEY_ID_PREFIX.length() + 64;
    private static final ECParameterSpec P256 = p256();

    private DeviceProofs() {
    }

    /**
     * The peer id bound to a public key: {@code k-} and the lower-case hex SHA-256 of its SubjectPublicKeyInfo
     * DER (like Syncthing's device ids), so nobody without the private key can register under it.
     */
    public static String peerIdOf(byte[] publicKeyDer) {
        return KEY_ID_PREFIX + HexFormat.of().formatHex(sha256(publicKeyDer));
    }

    /** Whether {@code peerId} has the form of a key-bound id (and so must come with a proof of the key). */
    public static boolean isKeyBound(String peerId) {
        if (peerId.length() != KEY_ID_LENGTH || !peerId.startsWith(KEY_ID_PREFIX)) {
            return false;
        }
        for (int i = KEY_ID_PREFIX.length(); i < peerId.length(); i++) {
            char c = peerId.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes a registration signs: a domain label, then each field length-prefixed (so no two different
     * registrations share a transcript). The server's {@code nonce} makes every transcript single-use.
     */
    public static byte[] registrationTranscript(String nonce, String session, String peerId, String peerType,
                                                String displayName, String displayClass) {
        return transcript("livecontrol/v1 register", nonce, session, peerId, peerType, displayName, displayClass);
    }

    /**
     * The bytes a leader signs to prove its key to a prober ({@code GET /health?challenge=…}): the prober's
     * fresh {@code challenge} and the leader's id, so an answer is good for one probe and one claimed id.
     */
    public static byte[] leaderTranscript(String challenge, String leaderId) {
        return transcript("livecontrol/v1 leader", challenge, leaderId);
    }

    /**
     * The bytes a device signs for an SDP it sends: its DTLS fingerprint lines (in SDP order), bound to the kind
     * ({@code offer}/{@code answer}), the sender and the receiver, so a signaling server can neither swap the
     * fingerprint nor move a signed SDP to another pair or direction.
     */
    public static byte[] sdpTranscript(String kind, String fromPeerId, String toPeerId,
                                       java.util.List<String> fingerprintLines) {
        String[] fields = new String[3 + fingerprintLines.size()];
        fields[0] = kind;
        fields[1] = fromPeerId;
        fields[2] = toPeerId;
        for (int i = 0; i < fingerprintLines.size(); i++) {
            fields[3 + i] = fingerprintLines.get(i);
        }
        return transcript("livecontrol/v1 sdp fingerprint", fields);
    }

    /** The bytes a device signs for a frame it relays through the leader to {@code toPeerId}. */
    public static byte[] relayTranscript(String fromPeerId, String toPeerId, byte[] frameWithoutSignature) {
        return transcript("livecontrol/v1 relay", fromPeerId, toPeerId,
                java.util.Base64.getEncoder().encodeToString(frameWithoutSignature));
    }

    /** Length-prefixed concatenation of a domain label and fields (UTF-8), for any signed statement. */
    public static byte[] transcript(String domain, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, domain);
        for (String f : fields) {
            field(out, f == null ? "" : f);
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    /** Parses a SubjectPublicKeyInfo DER and checks that it is a P-256 key. */
    public static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        if (!(key instanceof ECPublicKey ec) || !sameCurve(ec.getParams(), P256)) {
            throw new GeneralSecurityException("not an ECDSA P-256 public key");
        }
        return key;
    }

    /** Whether {@code signature} (P1363) by the key {@code publicKeyDer} is valid for {@code data}. */
    public static boolean verify(byte[] publicKeyDer, byte[] data, byte[] signature) {
        try {
            Signature v = Signature.getInstance(SIGNATURE_ALGORITHM);
            v.initVerify(publicKey(publicKeyDer));
            v.update(data);
            return v.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The P-256 parameters, for key generation. */
    public static ECParameterSpec p256Parameters() {
        return P256;
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks the P-256 curve", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256", e);
        }
    }

}
