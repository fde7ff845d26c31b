package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Objects;

/**
 * A message one peer sends another through the leader's signaling server. The server forwards it to the
 * target only and stamps the sender's registered id.
 *
 * <p>{@link Offer}, {@link Answer} and {@link IceCandidate} are WebRTC's (the seed's JSON shapes), {@link Relay}
 * is the relay fallback's. A plugin transport with its own signaling uses {@link TransportSignal}: the runtime
 * hands it only to the transport of that name, so a plugin never has to squeeze its handshake into another
 * transport's kinds (where that transport would try to use it).
 */
public sealed interface Signal permits Signal.Offer, Signal.Answer, Signal.IceCandidate, Signal.Relay,
        Signal.TransportSignal {

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

    /**
     * A signal of one transport, opaque to livecontrol: the signaling server forwards it like any other signal
     * and the receiving runtime hands it only to its transport named {@code transport} (dropping it, with a
     * debug log, when no such transport runs there).
     *
     * @param transport the receiving transport's {@link org.mobileworship.livecontrol.api.spi.transport.Transport#name()}:
     *                  1–{@value #MAX_TRANSPORT_NAME_LENGTH} characters of {@code a-z 0-9 . _ -}
     * @param payload   the transport's own bytes, at most {@value #MAX_PAYLOAD_BYTES}; livecontrol never parses them
     */
    record TransportSignal(String transport, byte[] payload) implements Signal {
        /** Longest transport name a transport signal may carry. */
        public static final int MAX_TRANSPORT_NAME_LENGTH = 64;
        /** Largest payload, in bytes (32 KiB: base64 in a JSON frame still fits the 64 KiB signaling limit). */
        public static final int MAX_PAYLOAD_BYTES = 32 * 1024;

        public TransportSignal {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(payload, "payload");
            String problem = transportNameProblem(transport);
            if (problem != null) {
                throw new IllegalArgumentException("invalid transport name '" + transport + "': " + problem);
            }
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("transport signal payload of " + payload.length
                        + " bytes exceeds the limit of " + MAX_PAYLOAD_BYTES + " bytes");
            }
            payload = payload.clone();
        }

        /** A copy of the payload. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** Whether this signal is addressed to the transport called {@code name}. */
        public boolean isFor(String name) {
            return transport.equals(name);
        }

        /**
         * Why {@code name} cannot name a transport in a transport signal, or {@code null} if it can. Shared by
         * the codecs so every encoding accepts the same names.
         */
        public static String transportNameProblem(String name) {
            if (name.isEmpty()) {
                return "must not be empty";
            }
            if (name.length() > MAX_TRANSPORT_NAME_LENGTH) {
                return name.length() + " characters exceeds the limit of " + MAX_TRANSPORT_NAME_LENGTH;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                    return "only a-z, 0-9, '.', '_' and '-' are allowed";
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TransportSignal t && t.transport.equals(transport)
                    && java.util.Arrays.equals(t.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * transport.hashCode() + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "TransportSignal[transport=" + transport + ", payload=" + payload.length + " bytes]";
        }
    }
}
