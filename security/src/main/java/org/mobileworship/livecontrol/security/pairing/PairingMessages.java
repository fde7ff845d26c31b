package org.mobileworship.livecontrol.security.pairing;

import org.bouncycastle.crypto.agreement.jpake.JPAKERound1Payload;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound2Payload;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound3Payload;

/** The four messages of one pairing exchange (J-PAKE rounds, then the key binding and the grant). */
public final class PairingMessages {
    private PairingMessages() {
    }

    /** Which secret the new device holds: the short code the operator reads out, or the QR code's token. */
    public enum Secret { CODE, TOKEN }

    /** New device → controller: which secret it proves, and its J-PAKE round 1. */
    public record Hello(Secret secret, JPAKERound1Payload round1) {
    }

    /** Controller → new device: the controller's rounds 1 and 2. */
    public record Reply(JPAKERound1Payload round1, JPAKERound2Payload round2) {
    }

    /**
     * New device → controller: its round 2, its key confirmation (round 3), and its device public key with a
     * MAC under the PAKE key, so the key the controller records is the one the code-holder sent.
     */
    public record Proof(JPAKERound2Payload round2, JPAKERound3Payload round3, byte[] devicePublicKey,
                        byte[] deviceKeyMac) {
    }

    /**
     * Controller → new device: the controller's key confirmation and what it granted (role, name, the
     * controller's public key), MAC'd under the PAKE key.
     */
    public record Grant(JPAKERound3Payload round3, String role, String name, byte[] controllerPublicKey,
                        byte[] grantMac) {
    }
}
