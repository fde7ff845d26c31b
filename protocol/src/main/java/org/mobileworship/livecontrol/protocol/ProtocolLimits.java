package org.mobileworship.livecontrol.protocol;

/**
 * Size limits every codec enforces before it parses anything, so a hostile or broken peer cannot
 * make a receiver allocate or parse unbounded input.
 */
public final class ProtocolLimits {
    /** Largest encoded data-channel frame accepted, in bytes (16 KiB: one SCTP-friendly message). */
    public static final int MAX_DATA_FRAME_BYTES = 16 * 1024;
    /** Largest encoded signaling frame accepted, in bytes (64 KiB: room for SDP and relayed data). */
    public static final int MAX_SIGNALING_FRAME_BYTES = 64 * 1024;
    /** Longest peer id accepted, in characters (code points). */
    public static final int MAX_PEER_ID_LENGTH = 128;

    /** Longest transport name in a {@code transport-signal} (same as the api's {@code Signal.TransportSignal}). */
    public static final int MAX_TRANSPORT_NAME_LENGTH = 64;
    /** Largest {@code transport-signal} payload, in bytes before base64 (32 KiB). */
    public static final int MAX_TRANSPORT_SIGNAL_PAYLOAD_BYTES = 32 * 1024;

    private ProtocolLimits() {
    }
}
