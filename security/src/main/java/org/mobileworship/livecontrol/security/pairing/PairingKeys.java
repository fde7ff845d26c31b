package org.mobileworship.livecontrol.security.pairing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

/**
 * The MAC keys of pairing (from the J-PAKE keying material, or with HKDF from the QR code's token) and the MACs of
 * the binding and the grant: JDK HMAC-SHA256, Bouncy Castle's HKDF (the JDK 17 has none).
 */
final class PairingKeys {
    private PairingKeys() {
    }

    static byte[] macKey(BigInteger keyingMaterial) {
        return DeviceProofs.sha256(DeviceProofs.transcript("livecontrol/v1 pairing key", keyingMaterial.toString(16)));
    }

    /** Salt and info of the token's HKDF; a browser derives the same key with WebCrypto's HKDF. */
    static final String TOKEN_HKDF_SALT = "livecontrol/v1 pair token";
    static final String TOKEN_HKDF_INFO = "livecontrol/v1 pair token mac key";

    /**
     * The MAC key of the token exchange: HKDF-SHA256 over the token's 128 bits. Sound without a PAKE only
     * because the token is 128 random bits: an eavesdropper who records a MAC cannot search that space offline
     * (it could search the 10^8 short codes, which is why the code needs J-PAKE).
     */
    static byte[] tokenMacKey(byte[] tokenBits) {
        org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
                new org.bouncycastle.crypto.generators.HKDFBytesGenerator(
                        org.bouncycastle.crypto.digests.SHA256Digest.newInstance());
        hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(tokenBits,
                TOKEN_HKDF_SALT.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TOKEN_HKDF_INFO.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** What the device MACs in the token exchange: the window's nonce, its id and its public key. */
    static byte[] tokenDeviceOf(String nonce, String peerId, byte[] devicePublicKey) {
        return DeviceProofs.transcript("livecontrol/v1 pair token device", nonce, peerId,
                java.util.Base64.getEncoder().encodeToString(devicePublicKey));
    }

    /** What the controller MACs in the token exchange's grant: nonce, device, role, name, its key, the list. */
    static byte[] tokenGrantOf(String nonce, String peerId, String role, String name, byte[] controllerPublicKey,
                               String trustList) {
        return DeviceProofs.transcript("livecontrol/v1 pair token grant", nonce, peerId, role, name,
                java.util.Base64.getEncoder().encodeToString(controllerPublicKey), trustList);
    }

    static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks HmacSHA256", e);
        }
    }

    static boolean sameMac(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b); // constant time
    }

    static byte[] bindingOf(String joinerId, byte[] devicePublicKey) {
        return DeviceProofs.transcript("livecontrol/v1 pairing device key", joinerId,
                java.util.Base64.getEncoder().encodeToString(devicePublicKey));
    }

    static byte[] grantOf(String joinerId, String role, String name, byte[] controllerPublicKey) {
        return DeviceProofs.transcript("livecontrol/v1 pairing grant", joinerId, role, name,
                java.util.Base64.getEncoder().encodeToString(controllerPublicKey));
    }
}
