package org.mobileworship.livecontrol.transport.webrtc.internal;

import dev.onvoid.webrtc.RTCIceServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.plugin.support.SharedKeys;

/**
 * The transport's configuration keys, parsed once, each with its one default. Invalid values fail with
 * {@link Config#invalidValue} naming the key, the value and the expected form ({@code build()} reports it as a
 * {@code ConfigurationException}).
 */
public record WebRtcSettings(String channelLabel, List<String> iceServerUrls, String iceUsername,
                             String iceCredential, Duration iceTimeout, Duration disconnectedTimeout,
                             int maxQueuedFrames) {

    public static final String PREFIX = "livecontrol.webrtc.";
    /** The data-channel label: {@link SharedKeys#WEBRTC_CHANNEL_LABEL}, also documented by the runtime. */
    public static final String CHANNEL_LABEL = SharedKeys.WEBRTC_CHANNEL_LABEL;
    public static final String ICE_SERVERS = PREFIX + "ice-servers";
    public static final String ICE_USERNAME = PREFIX + "ice-username";
    public static final String ICE_CREDENTIAL = PREFIX + "ice-credential";
    public static final String ICE_TIMEOUT = PREFIX + "ice-timeout";
    public static final String DISCONNECTED_TIMEOUT = PREFIX + "disconnected-timeout";
    public static final String MAX_QUEUED_FRAMES = PREFIX + "max-queued-frames";

    public static final String DEFAULT_LABEL = SharedKeys.DEFAULT_WEBRTC_CHANNEL_LABEL;
    public static final Duration DEFAULT_ICE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DISCONNECTED_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 1024;

    public WebRtcSettings {
        iceServerUrls = List.copyOf(iceServerUrls);
    }

    public static WebRtcSettings from(Config config) {
        String label = SharedKeys.webrtcChannelLabel(config);
        List<String> urls = parseIceServers(config.getString(ICE_SERVERS, ""));
        Duration iceTimeout = positive(config, ICE_TIMEOUT, DEFAULT_ICE_TIMEOUT);
        Duration disc = positive(config, DISCONNECTED_TIMEOUT, DEFAULT_DISCONNECTED_TIMEOUT);
        int maxQueued = config.getInt(MAX_QUEUED_FRAMES, DEFAULT_MAX_QUEUED_FRAMES);
        if (maxQueued < 1) {
            throw Config.invalidValue(MAX_QUEUED_FRAMES, config.get(MAX_QUEUED_FRAMES).orElse(""), "a positive integer");
        }
        String user = config.get(ICE_USERNAME).orElse(null);
        String credential = config.get(ICE_CREDENTIAL).orElse(null);
        boolean needsCredentials = urls.stream().anyMatch(u -> u.toLowerCase(Locale.ROOT).startsWith("turn"));
        if (needsCredentials && (user == null || credential == null)) {
            throw new IllegalArgumentException("config key " + ICE_SERVERS + " lists a TURN server: set "
                    + ICE_USERNAME + " and " + ICE_CREDENTIAL + " too");
        }
        return new WebRtcSettings(label, urls, user, credential, iceTimeout, disc, maxQueued);
    }

    private static Duration positive(Config config, String key, Duration defaultValue) {
        Duration d = config.getDuration(key, defaultValue);
        if (d.isNegative() || d.isZero()) {
            throw Config.invalidValue(key, config.get(key).orElse(""), "a positive duration such as 250ms or 5s");
        }
        return d;
    }

    /**
     * Parses {@code stun:host:port, turn:host:port?transport=udp|tcp, ...}. Each entry must have a scheme
     * (stun, stuns, turn, turns), a host and a port in 1..65535.
     */
    static List<String> parseIceServers(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String url = part.trim();
            if (url.isEmpty()) {
                continue;
            }
            out.add(validateIceUrl(url));
        }
        return out;
    }

    private static String validateIceUrl(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!List.of("stun", "stuns", "turn", "turns").contains(scheme)) {
            throw badUrl(url, "scheme must be stun:, stuns:, turn: or turns:");
        }
        String rest = url.substring(colon + 1);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (query != null) {
            if (!scheme.startsWith("turn")) {
                throw badUrl(url, "only turn: URLs take ?transport=");
            }
            if (!query.equals("transport=udp") && !query.equals("transport=tcp")) {
                throw badUrl(url, "the only query allowed is ?transport=udp or ?transport=tcp");
            }
        }
        int portSep = rest.lastIndexOf(':');
        if (portSep <= 0 || rest.endsWith("]")) {
            throw badUrl(url, "expected host:port");
        }
        String host = rest.substring(0, portSep);
        try {
            int port = Integer.parseInt(rest.substring(portSep + 1));
            if (port < 1 || port > 65535) {
                throw badUrl(url, "port must be 1..65535");
            }
        } catch (NumberFormatException e) {
            throw badUrl(url, "port must be a number");
        }
        if (host.isBlank() || host.contains("/") || host.contains(" ")) {
            throw badUrl(url, "invalid host");
        }
        return url;
    }

    private static IllegalArgumentException badUrl(String url, String why) {
        return new IllegalArgumentException("invalid ICE server '" + url + "' in config key " + ICE_SERVERS
                + ": " + why + " (e.g. stun:stun.example.org:3478, turn:turn.example.org:3478?transport=tcp)");
    }

    /** The webrtc-java ICE server list (one entry per URL, sharing the credentials for TURN). */
    public List<RTCIceServer> toIceServers() {
        List<RTCIceServer> servers = new ArrayList<>();
        for (String url : iceServerUrls) {
            RTCIceServer s = new RTCIceServer();
            s.urls.add(url);
            if (url.toLowerCase(Locale.ROOT).startsWith("turn")) {
                s.username = iceUsername;
                s.password = iceCredential;
            }
            servers.add(s);
        }
        return servers;
    }
}
