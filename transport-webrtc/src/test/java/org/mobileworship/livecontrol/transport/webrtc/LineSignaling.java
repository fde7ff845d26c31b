package org.mobileworship.livecontrol.transport.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;

/** A tiny line format for signals between two test JVMs (over the child's stdin/stdout). */
final class LineSignaling {
    static final String PREFIX = "SIG ";

    private LineSignaling() {
    }

    static String encode(Signal s) {
        if (s instanceof Signal.Offer o) {
            return PREFIX + "O " + b64(o.sdp());
        }
        if (s instanceof Signal.Answer a) {
            return PREFIX + "A " + b64(a.sdp());
        }
        if (s instanceof Signal.IceCandidate c) {
            return PREFIX + "C " + b64(c.candidate()) + " " + b64(c.sdpMid()) + " " + c.sdpMLineIndex();
        }
        throw new IllegalArgumentException("not a webrtc signal: " + s);
    }

    /** The signal on this line, or null for a line that is not a signal (e.g. native library chatter). */
    static Signal decode(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] p = line.substring(PREFIX.length()).split(" ");
        return switch (p[0]) {
            case "O" -> new Signal.Offer(unb64(p[1]));
            case "A" -> new Signal.Answer(unb64(p[1]));
            case "C" -> new Signal.IceCandidate(unb64(p[1]), unb64(p[2]), Integer.parseInt(p[3]));
            default -> null;
        };
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
