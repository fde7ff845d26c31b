package org.mobileworship.livecontrol.api.spi.election;

import java.util.Objects;
import java.util.Optional;
import org.mobileworship.livecontrol.api.PeerId;

/**
 * What a signaling server says about itself when probed ({@code GET /health}).
 *
 * @param leaderId        the leader running the server
 * @param term            its election term
 * @param registeredPeers how many peers are registered with it
 * @param keyProof        the leader's proof of its device key for the prober's challenge, if it was asked for one
 *                        and has a key (see {@link KeyProof})
 */
public record LeaderHealth(PeerId leaderId, long term, int registeredPeers, Optional<KeyProof> keyProof) {
    public LeaderHealth {
        Objects.requireNonNull(leaderId, "leaderId");
        Objects.requireNonNull(keyProof, "keyProof");
    }

    /** Health without a key proof (the server has no device key, or none was asked for). */
    public LeaderHealth(PeerId leaderId, long term, int registeredPeers) {
        this(leaderId, term, registeredPeers, Optional.empty());
    }

    /**
     * A leader's answer to a prober's challenge: its public key and its signature over
     * {@code DeviceProofs.leaderTranscript(challenge, leaderId)} (protocol module). With it a follower
     * checks that the node serving at an endpoint really is the device whose key-bound id it claims, before it
     * follows it: an mDNS record alone proves nothing.
     *
     * @param publicKey base64 of the X.509 SubjectPublicKeyInfo DER (ECDSA P-256)
     * @param signature base64 of the P1363 signature
     */
    public record KeyProof(String publicKey, String signature) {
        public KeyProof {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(signature, "signature");
        }
    }
}
