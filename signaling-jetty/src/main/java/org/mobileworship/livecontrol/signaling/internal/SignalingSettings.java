package org.mobileworship.livecontrol.signaling.internal;

import java.time.Duration;
import org.mobileworship.livecontrol.api.spi.Config;

/**
 * The signaling plugin's configuration, read once from {@link Config} and checked, so a bad value fails at
 * creation with the key named rather than later on a Jetty thread.
 */
public record SignalingSettings(
        Duration heartbeatInterval,
        int heartbeatMisses,
        Duration idleTimeout,
        Duration writeTimeout,
        int maxFrameBytes,
        int maxPeers,
        int maxFramesPerSecond,
        Duration rateLimitCloseAfter,
        Duration reclaimWindow,
        Duration connectTimeout,
        int maxOutgoingFrames,
        java.util.List<String> allowedOrigins) {

    public static final String HEARTBEAT_INTERVAL = "livecontrol.heartbeat.interval";
    public static final String HEARTBEAT_MISSES = "livecontrol.heartbeat.misses";
    public static final String IDLE_TIMEOUT = "livecontrol.signaling.idle-timeout";
    public static final String WRITE_TIMEOUT = "livecontrol.signaling.write-timeout";
    public static final String MAX_FRAME_BYTES = "livecontrol.signaling.max-frame-bytes";
    public static final String MAX_PEERS = "livecontrol.signaling.max-peers";
    public static final String MAX_FRAMES_PER_SECOND = "livecontrol.signaling.max-frames-per-second";
    public static final String RATE_LIMIT_CLOSE_AFTER = "livecontrol.signaling.rate-limit-close-after";
    public static final String RECLAIM_WINDOW = "livecontrol.signaling.reclaim-window";
    public static final String CONNECT_TIMEOUT = "livecontrol.signaling.connect-timeout";
    public static final String MAX_OUTGOING_FRAMES = "livecontrol.signaling.max-outgoing-frames";
    /** Comma-separated browser origins (besides the leader's own pages) allowed to open the WebSocket. */
    public static final String ALLOWED_ORIGINS = "livecontrol.signaling.allowed-origins";

    /** Reads every key, applying the documented defaults. */
    public static SignalingSettings from(Config c) {
        return new SignalingSettings(
                positive(c.getDuration(HEARTBEAT_INTERVAL, Duration.ofSeconds(2)), HEARTBEAT_INTERVAL),
                positive(c.getInt(HEARTBEAT_MISSES, 3), HEARTBEAT_MISSES),
                positive(c.getDuration(IDLE_TIMEOUT, Duration.ofSeconds(30)), IDLE_TIMEOUT),
                positive(c.getDuration(WRITE_TIMEOUT, Duration.ofSeconds(5)), WRITE_TIMEOUT),
                positive(c.getInt(MAX_FRAME_BYTES, 65536), MAX_FRAME_BYTES),
                positive(c.getInt(MAX_PEERS, 64), MAX_PEERS),
                positive(c.getInt(MAX_FRAMES_PER_SECOND, 200), MAX_FRAMES_PER_SECOND),
                positive(c.getDuration(RATE_LIMIT_CLOSE_AFTER, Duration.ofSeconds(10)), RATE_LIMIT_CLOSE_AFTER),
                nonNegative(c.getDuration(RECLAIM_WINDOW, Duration.ofSeconds(5)), RECLAIM_WINDOW),
                positive(c.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(3)), CONNECT_TIMEOUT),
                positive(c.getInt(MAX_OUTGOING_FRAMES, 1024), MAX_OUTGOING_FRAMES),
                origins(c.getString(ALLOWED_ORIGINS, "")));
    }

    private static java.util.List<String> origins(String raw) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String o : raw.split(",")) {
            String t = o.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (OriginPolicy.normalize(t) == null) {
                throw new IllegalArgumentException("invalid origin '" + t + "' in config key " + ALLOWED_ORIGINS
                        + ": expected a comma-separated list of scheme://host[:port], e.g. http://192.168.1.20:8080");
            }
            out.add(t);
        }
        return java.util.List.copyOf(out);
    }

    /** How long a peer may stay silent before the server drops it (interval x misses). */
    public Duration silenceLimit() {
        return heartbeatInterval.multipliedBy(heartbeatMisses);
    }

    private static Duration positive(Duration d, String key) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("invalid value '" + d + "' for config key " + key
                    + ": expected a positive duration");
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String key) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("invalid value '" + d + "' for config key " + key
                    + ": expected a duration of zero or more");
        }
        return d;
    }

    private static int positive(int v, String key) {
        if (v <= 0) {
            throw new IllegalArgumentException("invalid value '" + v + "' for config key " + key
                    + ": expected a positive integer");
        }
        return v;
    }
}
