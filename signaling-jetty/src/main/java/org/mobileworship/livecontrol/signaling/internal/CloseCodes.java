package org.mobileworship.livecontrol.signaling.internal;

/** WebSocket close codes the signaling server uses (documented in docs/protocol.md). */
public final class CloseCodes {
    /** Normal closure (a client leaving). */
    public static final int NORMAL = 1000;
    /** Server shutting down / leader stepping down: re-elect now. */
    public static final int GOING_AWAY = 1001;
    /** Sustained rate-limit abuse. */
    public static final int POLICY_VIOLATION = 1008;
    /** Frame larger than {@code livecontrol.signaling.max-frame-bytes} (Jetty sends it). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Server full ({@code livecontrol.signaling.max-peers}). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** No frame for {@code heartbeat.interval x heartbeat.misses}. */
    public static final int HEARTBEAT_TIMEOUT = 4000;
    /** The same peer reconnected (register with its token) on another connection. */
    public static final int REPLACED = 4001;

    private CloseCodes() {
    }
}
