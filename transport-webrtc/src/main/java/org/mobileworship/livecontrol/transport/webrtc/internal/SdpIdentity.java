package org.mobileworship.livecontrol.transport.webrtc.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

/**
 * The DTLS fingerprints of an SDP, signed by the sender's device key, so the leader that carries the SDP cannot
 * put itself in the middle of the data channel by swapping them. The signature travels as one session-level
 * attribute, {@code a=x-livecontrol-identity:<base64 public key> <base64 signature>}, before the first
 * {@code m=} line; it is removed before the SDP reaches libwebrtc. A peer whose id is key-bound ({@code k-…})
 * must send it and it must verify, or the connection fails with {@link #ERROR}; a peer without a device key
 * (the seed's clients, nodes without a state directory) sends none and is accepted as before.
 */
public final class SdpIdentity {
    /** The named error of a connection refused for an unverifiable fingerprint. */
    public static final String ERROR = "fingerprint-unverified";
    static final String ATTRIBUTE = "a=x-livecontrol-identity:";

    private SdpIdentity() {
    }

    /** {@code sdp} with the signature attribute added, or unchanged when this device has no key. */
    public static String sign(String sdp, String kind, PeerId self, PeerId remote, DeviceKey key) {
        if (key == null) {
            return sdp;
        }
        byte[] signature = key.sign(DeviceProofs.sdpTranscript(kind, self.value(), remote.value(), fingerprints(sdp)));
        String line = ATTRIBUTE + Base64.getEncoder().encodeToString(key.publicKey()) + " "
                + Base64.getEncoder().encodeToString(signature);
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        int media = sdp.startsWith("m=") ? 0 : sdp.indexOf(eol + "m=");
        if (media < 0) {
            return sdp + (sdp.endsWith(eol) ? "" : eol) + line + eol;
        }
        int at = media == 0 ? 0 : media + eol.length();
        return sdp.substring(0, at) + line + eol + sdp.substring(at);
    }

    /**
     * Checks the signature of an SDP from {@code remote} and returns the SDP without the attribute.
     *
     * @throws TransportException naming {@link #ERROR} if {@code remote} is key-bound and the SDP does not prove
     *                            that its fingerprints come from that key
     */
    public static String verify(String sdp, String kind, PeerId remote, PeerId self) {
        String attribute = null;
        StringBuilder stripped = new StringBuilder(sdp.length());
        for (String line : sdp.split("(?<=\n)")) {
            if (line.startsWith(ATTRIBUTE)) {
                attribute = line.substring(ATTRIBUTE.length()).trim();
            } else {
                stripped.append(line);
            }
        }
        if (!DeviceProofs.isKeyBound(remote.value())) {
            return stripped.toString();
        }
        if (attribute == null) {
            throw refused(kind, remote, "it carries no signature of its DTLS fingerprint");
        }
        String[] parts = attribute.split(" ");
        byte[] publicKey;
        byte[] signature;
        try {
            publicKey = Base64.getDecoder().decode(parts[0]);
            signature = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : "");
        } catch (IllegalArgumentException e) {
            throw refused(kind, remote, "its fingerprint signature is not base64");
        }
        if (!DeviceProofs.peerIdOf(publicKey).equals(remote.value())) {
            throw refused(kind, remote, "its fingerprint is signed by another device's key");
        }
        byte[] transcript = DeviceProofs.sdpTranscript(kind, remote.value(), self.value(), fingerprints(sdp));
        if (!DeviceProofs.verify(publicKey, transcript, signature)) {
            throw refused(kind, remote, "the signature does not match its DTLS fingerprint (altered on the way)");
        }
        return stripped.toString();
    }

    private static TransportException refused(String kind, PeerId remote, String why) {
        return new TransportException(ERROR + ": the " + kind + " from " + remote + " was refused: " + why
                + "; the signaling server may be trying to intercept the data channel");
    }

    static List<String> fingerprints(String sdp) {
        List<String> out = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=fingerprint:")) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
