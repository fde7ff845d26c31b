package org.mobileworship.livecontrol.security.pairing;

import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound1Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound2Payload;
import org.bouncycastle.crypto.agreement.ecjpake.ECJPAKERound3Payload;

/** The four messages of one pairing exchange (EC J-PAKE rounds, then the key binding and the grant). */
public final class PairingMessages {
    private PairingMessages() {
    }

    /** New device → controller: its J-PAKE round 1. */
    public record Hello(ECJPAKERound1Payload round1) {
    }

    /** Controller → new device: the controller's rounds 1 and 2. */
    public record Reply(ECJPAKERound1Payload round1, ECJPAKERound2Payload round2) {
    }

    /**
     * New device → controller: its round 2, its key confirmation (round 3), and its device public key with a
     * MAC under the PAKE key, so the key the controller records is the one the code-holder sent.
     */
    public record Proof(ECJPAKERound2Payload round2, ECJPAKERound3Payload round3, byte[] devicePublicKey,
                        byte[] deviceKeyMac) {
    }

    /**
     * Controller → new device: the controller's key confirmation and what it granted (role, name, the
     * controller's public key), MAC'd under the PAKE key.
     */
    public record Grant(ECJPAKERound3Payload round3, String role, String name, byte[] controllerPublicKey,
                        byte[] grantMac) {
    }
}
