package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Objects;

/**
 * A message one peer sends another through the leader's signaling server. The server forwards it to the
 * target only and stamps the sender's registered id.
 */
public sealed interface Signal permits Signal.Offer, Signal.Answer, Signal.IceCandidate, Signal.Relay {

    /** SDP offer (from the controller, the initiating side). */
    record Offer(String sdp) implements Signal {
        public Offer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** SDP answer (from the display). */
    record Answer(String sdp) implements Signal {
        public Answer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** A trickled ICE candidate. */
    record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) implements Signal {
        public IceCandidate {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(sdpMid, "sdpMid");
        }
    }

    /**
     * A data-channel frame relayed through the server (the fallback transport). {@code frame} is a
     * {@code livecontrol.v1.DataFrame} in binary protobuf encoding, at most 16 KiB.
     */
    record Relay(byte[] frame) implements Signal {
        public Relay {
            Objects.requireNonNull(frame, "frame");
        }
    }
}
