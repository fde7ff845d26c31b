package org.mobileworship.livecontrol.security.pairing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

/** The MAC key derived from the J-PAKE keying material, and the MACs of the binding and the grant (JDK HMAC). */
final class PairingKeys {
    private PairingKeys() {
    }

    static byte[] macKey(BigInteger keyingMaterial) {
        return DeviceProofs.sha256(DeviceProofs.transcript("livecontrol/v1 pairing key", keyingMaterial.toString(16)));
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
