package org.mobileworship.livecontrol.api.spi.signaling;

/**
 * A device's own key pair (ECDSA on P-256), kept by the device: its peer id is derived from the public key,
 * and it signs the signaling server's challenge at registration, so nobody else can register under its id.
 * The private key never leaves the implementation.
 */
public interface DeviceKey {
    /** The public key as X.509 SubjectPublicKeyInfo DER. */
    byte[] publicKey();

    /** An ECDSA P-256 / SHA-256 signature of {@code data} in IEEE P1363 encoding ({@code r || s}, as WebCrypto). */
    byte[] sign(byte[] data);
}
