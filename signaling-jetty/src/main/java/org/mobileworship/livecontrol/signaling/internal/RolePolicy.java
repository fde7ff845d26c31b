package org.mobileworship.livecontrol.signaling.internal;

import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.PeerEntry;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * Which forwarded frames a registered role may send to which role. Enforced by the server in every security
 * mode: a device that only registered as a display must never reach another display, nor put a cue on the
 * wire. Links exist only between a controller and a display, so signaling between two peers of the same role
 * has no legitimate use; and cues ({@code slide}, {@code black}, {@code sync}) flow only from controllers.
 */
final class RolePolicy {
    static final String CONTROLLER = "controller";
    static final String DISPLAY = "display";

    private RolePolicy() {
    }

    /**
     * Why {@code from} may not send {@code frame} to {@code to}, or {@code null} if it may. The text is sent to
     * the sender in a {@code not-allowed} error, so it names the rule.
     */
    static String refusal(PeerEntry from, PeerEntry to, SignalingFrame frame) {
        String kind = frame.getBodyCase().name().toLowerCase().replace('_', '-');
        if (from.getPeerType().equals(to.getPeerType())) {
            return "a " + from.getPeerType() + " may not send '" + kind + "' to another " + to.getPeerType()
                    + " ('" + to.getPeerId() + "'): signaling and relays run only between a controller and a display";
        }
        if (frame.getBodyCase() == SignalingFrame.BodyCase.RELAY && !CONTROLLER.equals(from.getPeerType())) {
            DataFrame data = frame.getRelay().getData();
            switch (data.getBodyCase()) {
                case SLIDE, BLACK, SYNC -> {
                    return "a " + from.getPeerType() + " may not send cues ('"
                            + data.getBodyCase().name().toLowerCase() + "'); only controllers send cues";
                }
                default -> {
                    // acks, pongs, errors and relay control frames are a display's part of the conversation
                }
            }
        }
        return null;
    }
}
