package org.mobileworship.livecontrol.plugin.support;

import java.time.Duration;
import org.mobileworship.livecontrol.api.spi.Config;

/**
 * The config keys read by more than one module, each with its one default and its one check. A key that only
 * one plugin reads lives in that plugin (e.g. {@code RelayTransport.CONNECT_TIMEOUT_KEY}); these are here
 * because the runtime documents, defaults and validates them at {@code build()} too.
 */
public final class SharedKeys {
    /** Interval of a signaling client's heartbeats to the leader (seed: 2 s). Read by the signaling plugin. */
    public static final String HEARTBEAT_INTERVAL = "livecontrol.heartbeat.interval";
    /** Default of {@value #HEARTBEAT_INTERVAL}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

    /** Unanswered heartbeats after which the leader is considered lost (seed: 3). Read by the signaling plugin. */
    public static final String HEARTBEAT_MISSES = "livecontrol.heartbeat.misses";
    /** Default of {@value #HEARTBEAT_MISSES}. */
    public static final int DEFAULT_HEARTBEAT_MISSES = 3;

    /** Label of the WebRTC data channel (seed: {@code live-control}). Owned by the webrtc transport. */
    public static final String WEBRTC_CHANNEL_LABEL = "livecontrol.webrtc.channel-label";
    /** Default of {@value #WEBRTC_CHANNEL_LABEL}. */
    public static final String DEFAULT_WEBRTC_CHANNEL_LABEL = "live-control";

    private SharedKeys() {
    }

    /** {@value #HEARTBEAT_INTERVAL}: a positive duration. */
    public static Duration heartbeatInterval(Config config) {
        Duration d = config.getDuration(HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL);
        if (d.isNegative() || d.isZero()) {
            throw Config.invalidValue(HEARTBEAT_INTERVAL, config.get(HEARTBEAT_INTERVAL).orElse(d.toString()),
                    "a positive duration");
        }
        return d;
    }

    /** {@value #HEARTBEAT_MISSES}: at least 1. */
    public static int heartbeatMisses(Config config) {
        int n = config.getInt(HEARTBEAT_MISSES, DEFAULT_HEARTBEAT_MISSES);
        if (n < 1) {
            throw Config.invalidValue(HEARTBEAT_MISSES, config.get(HEARTBEAT_MISSES).orElse(""), "at least 1");
        }
        return n;
    }

    /** {@value #WEBRTC_CHANNEL_LABEL}: a non-empty label, trimmed. */
    public static String webrtcChannelLabel(Config config) {
        String label = config.getString(WEBRTC_CHANNEL_LABEL, DEFAULT_WEBRTC_CHANNEL_LABEL).trim();
        if (label.isEmpty()) {
            throw Config.invalidValue(WEBRTC_CHANNEL_LABEL, "",
                    "a non-empty data-channel label (default " + DEFAULT_WEBRTC_CHANNEL_LABEL + ")");
        }
        return label;
    }
}
