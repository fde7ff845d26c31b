package org.mobileworship.livecontrol.signaling.internal;

import java.time.Duration;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.plugin.support.SharedKeys;

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

    /** Shared with the runtime, which documents and validates it too: one default, in {@link SharedKeys}. */
    public static final String HEARTBEAT_INTERVAL = SharedKeys.HEARTBEAT_INTERVAL;
    /** Shared with the runtime, which documents and validates it too: one default, in {@link SharedKeys}. */
    public static final String HEARTBEAT_MISSES = SharedKeys.HEARTBEAT_MISSES;
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
                SharedKeys.heartbeatInterval(c),
                SharedKeys.heartbeatMisses(c),
                positive(c, IDLE_TIMEOUT, Duration.ofSeconds(30)),
                positive(c, WRITE_TIMEOUT, Duration.ofSeconds(5)),
                positive(c, MAX_FRAME_BYTES, 65536),
                positive(c, MAX_PEERS, 64),
                positive(c, MAX_FRAMES_PER_SECOND, 200),
                positive(c, RATE_LIMIT_CLOSE_AFTER, Duration.ofSeconds(10)),
                nonNegative(c, RECLAIM_WINDOW, Duration.ofSeconds(5)),
                positive(c, CONNECT_TIMEOUT, Duration.ofSeconds(3)),
                positive(c, MAX_OUTGOING_FRAMES, 1024),
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
                throw new Config.InvalidValueException(ALLOWED_ORIGINS, raw, "a comma-separated list of "
                        + "scheme://host[:port], e.g. http://192.168.1.20:8080 ('" + t + "' is not one)");
            }
            out.add(t);
        }
        return java.util.List.copyOf(out);
    }

    /** How long a peer may stay silent before the server drops it (interval x misses). */
    public Duration silenceLimit() {
        return heartbeatInterval.multipliedBy(heartbeatMisses);
    }

    private static Duration positive(Config c, String key, Duration defaultValue) {
        Duration d = c.getDuration(key, defaultValue);
        if (d.isNegative() || d.isZero()) {
            throw Config.invalidValue(key, c.get(key).orElse(""), "a positive duration");
        }
        return d;
    }

    private static Duration nonNegative(Config c, String key, Duration defaultValue) {
        Duration d = c.getDuration(key, defaultValue);
        if (d.isNegative()) {
            throw Config.invalidValue(key, c.get(key).orElse(""), "a duration of zero or more");
        }
        return d;
    }

    private static int positive(Config c, String key, int defaultValue) {
        int v = c.getInt(key, defaultValue);
        if (v <= 0) {
            throw Config.invalidValue(key, c.get(key).orElse(""), "a positive integer");
        }
        return v;
    }
}
