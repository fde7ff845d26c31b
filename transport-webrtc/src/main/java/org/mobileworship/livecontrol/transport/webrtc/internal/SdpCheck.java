package org.mobileworship.livecontrol.transport.webrtc.internal;

import java.util.Locale;

/**
 * The structural checks an offer must pass before it may replace a session: libwebrtc parses SDP only
 * asynchronously, after the old session would already be gone, so anything that cannot possibly open a
 * livecontrol data channel is refused here first.
 */
final class SdpCheck {
    /** Offers longer than this are not SDP this transport produces or accepts (same as the signaling limit). */
    static final int MAX_SDP_CHARS = 64 * 1024;

    private SdpCheck() {
    }

    /**
     * Why {@code sdp} cannot be a WebRTC data-channel offer, or {@code null} if it may be one: it must be
     * session description version 0 with an origin, ICE credentials, a DTLS fingerprint and an
     * {@code m=application} section over (UDP/)DTLS/SCTP. Exactly one {@code o=} line (RFC 8866 §5.2): its
     * session id is what {@link PeerSession#originSessionId} reads to tell a renegotiation from a restarted peer,
     * so the line checked here and the line read there must be the same one.
     */
    static String offerProblem(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            return "empty SDP";
        }
        if (sdp.length() > MAX_SDP_CHARS) {
            return "SDP of " + sdp.length() + " characters exceeds " + MAX_SDP_CHARS;
        }
        String[] lines = sdp.split("\r?\n");
        if (!lines[0].trim().equals("v=0")) {
            return "not SDP: the first line is not v=0";
        }
        boolean origin = false;
        int origins = 0;
        boolean ufrag = false;
        boolean fingerprint = false;
        boolean dataSection = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("o=")) {
                origins++;
                origin = line.substring(2).trim().split("\\s+").length >= 6;
            } else if (line.startsWith("a=ice-ufrag:")) {
                ufrag = true;
            } else if (line.startsWith("a=fingerprint:")) {
                fingerprint = true;
            } else if (line.startsWith("m=application ")) {
                String[] parts = line.split("\\s+");
                dataSection |= parts.length >= 3 && parts[2].toUpperCase(Locale.ROOT).contains("DTLS/SCTP");
            }
        }
        if (origins > 1) {
            return origins + " o= lines (an SDP has exactly one origin)";
        }
        if (!origin) {
            return "no valid o= line";
        }
        if (!dataSection) {
            return "no m=application section over DTLS/SCTP (no data channel)";
        }
        if (!ufrag) {
            return "no a=ice-ufrag";
        }
        if (!fingerprint) {
            return "no a=fingerprint";
        }
        return null;
    }
}
