package org.mobileworship.livecontrol.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.mobileworship.livecontrol.api.ConfigurationException;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.plugin.support.SharedKeys;

/**
 * The node's configuration: every key the runtime reads, with the seed's defaults, and the layering of
 * sources.
 *
 * <p>Precedence, highest first: {@link org.mobileworship.livecontrol.api.LiveControl.Builder#config} calls,
 * Java system properties ({@code -Dlivecontrol.signaling.port=3011}), environment variables (the key upper-cased
 * with {@code .} and {@code -} turned into {@code _}: {@code LIVECONTROL_SIGNALING_PORT}), the properties file
 * given to {@link org.mobileworship.livecontrol.api.LiveControl.Builder#configFile}, then the defaults below.
 * Plugins define further keys under their own prefix; they are read through the same layering.
 */
public final class LiveControlConfig implements Config {

    /** Signaling server port when this node leads (seed: 3010). */
    public static final String SIGNALING_PORT = "livecontrol.signaling.port";
    /** Address the signaling server binds when this node leads. */
    public static final String SIGNALING_BIND = "livecontrol.signaling.bind-address";
    /** Session (room) name; nodes of different sessions never exchange signaling. */
    public static final String SESSION = "livecontrol.session";
    /** Interval of follower heartbeats to the leader (seed: 2 s); read by the signaling plugin. */
    public static final String HEARTBEAT_INTERVAL = SharedKeys.HEARTBEAT_INTERVAL;
    /** Unanswered heartbeats after which the leader is considered lost (seed: 3); read by the signaling plugin. */
    public static final String HEARTBEAT_MISSES = SharedKeys.HEARTBEAT_MISSES;
    /** Resend interval for unacknowledged messages (seed: 100 ms). */
    public static final String RETRY_INTERVAL = "livecontrol.delivery.retry-interval";
    /** How long a send keeps retrying before its future fails with TIMEOUT. */
    public static final String DELIVERY_DEADLINE = "livecontrol.delivery.deadline";
    /** Message ids remembered per sender for de-duplication. */
    public static final String DEDUP_WINDOW = "livecontrol.delivery.dedup-window";
    /** Data channel label (seed: live-control); owned and validated by the webrtc transport. */
    public static final String CHANNEL_LABEL = SharedKeys.WEBRTC_CHANNEL_LABEL;
    /** Interval of controller pings on every link (RTT measurement and liveness). */
    public static final String PING_INTERVAL = "livecontrol.link.ping-interval";
    /** A link on which nothing arrived for this long is closed and reopened. */
    public static final String LINK_TIMEOUT = "livecontrol.link.timeout";
    /** First delay before reopening a lost link; doubles up to {@link #RECONNECT_MAX_BACKOFF}. */
    public static final String RECONNECT_BACKOFF = "livecontrol.link.reconnect-backoff";
    /** Longest delay between attempts to reopen a lost link. */
    public static final String RECONNECT_MAX_BACKOFF = "livecontrol.link.reconnect-max-backoff";
    /** How often a pair on a fallback transport tries the better transports again. */
    public static final String UPGRADE_INTERVAL = "livecontrol.transport.upgrade-interval";
    /** Whether a controller sends its full state to each display whose link opens. */
    public static final String SYNC_ON_CONNECT = "livecontrol.sync-on-connect";
    /** Plugin selection keys (single-choice SPIs) and the transport allow-list. */
    public static final String DISCOVERY = "livecontrol.discovery";
    public static final String ELECTION = "livecontrol.election";
    public static final String SIGNALING = "livecontrol.signaling";
    /** Comma-separated transport names to use, in no particular order; empty = every available one. */
    public static final String TRANSPORTS = "livecontrol.transports";
    /**
     * Directory where this node keeps its device key (and, later, the room's trust list). Set: the node's peer
     * id is derived from its key and its registrations are signed. Unset: a random id, unsigned registrations.
     */
    public static final String STATE_DIR = "livecontrol.state-dir";
    /**
     * Security mode: {@code paired} (the default: only devices of the room's trust list register, lead or are
     * followed; needs {@link #STATE_DIR}) or {@code open} (any device may register, as the seed's plain JSON
     * clients do; roles and the origin policy still apply, and the node logs a warning at start). See
     * docs/security.md.
     */
    public static final String SECURITY = "livecontrol.security";

    private static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(SIGNALING_PORT, "3010");
        d.put(SIGNALING_BIND, "0.0.0.0");
        d.put(SESSION, "");
        d.put(HEARTBEAT_INTERVAL, SharedKeys.DEFAULT_HEARTBEAT_INTERVAL.toMillis() + "ms");
        d.put(HEARTBEAT_MISSES, String.valueOf(SharedKeys.DEFAULT_HEARTBEAT_MISSES));
        d.put(RETRY_INTERVAL, "100ms");
        d.put(DELIVERY_DEADLINE, "10s");
        d.put(DEDUP_WINDOW, "4096");
        d.put(CHANNEL_LABEL, SharedKeys.DEFAULT_WEBRTC_CHANNEL_LABEL);
        d.put(PING_INTERVAL, "1s");
        d.put(LINK_TIMEOUT, "5s");
        d.put(RECONNECT_BACKOFF, "250ms");
        d.put(RECONNECT_MAX_BACKOFF, "5s");
        d.put(UPGRADE_INTERVAL, "5s");
        d.put(SYNC_ON_CONNECT, "true");
        d.put(SECURITY, "paired");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> explicit;
    private final Map<String, String> system;
    private final Map<String, String> environment;
    private final Map<String, String> file;

    private LiveControlConfig(Map<String, String> explicit, Map<String, String> system,
                              Map<String, String> environment, Map<String, String> file) {
        this.explicit = Map.copyOf(explicit);
        this.system = Map.copyOf(system);
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
    }

    /** The defaults, for documentation and tools. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    /**
     * Builds the layered config and validates every runtime key.
     *
     * @throws ConfigurationException naming the key, the value and the expected form of the first invalid value
     */
    public static LiveControlConfig load(Map<String, String> explicit, Path file, Map<String, String> environment,
                                         Properties systemProperties) {
        Map<String, String> fileValues = file == null ? Map.of() : readFile(file);
        Map<String, String> sys = new TreeMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("livecontrol.")) {
                sys.put(name, systemProperties.getProperty(name));
            }
        }
        Map<String, String> env = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("LIVECONTROL_")) {
                env.put(k, v);
            }
        });
        LiveControlConfig config = new LiveControlConfig(explicit, sys, env, fileValues);
        config.validate();
        return config;
    }

    /** Config from explicit values and defaults only (tests, embedding). */
    public static LiveControlConfig of(Map<String, String> explicit) {
        return load(explicit, null, Map.of(), new Properties());
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new LiveControlException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public Optional<String> get(String key) {
        String v = explicit.get(key);
        if (v == null) {
            v = system.get(key);
        }
        if (v == null) {
            v = environment.get(environmentName(key));
        }
        if (v == null) {
            v = file.get(key);
        }
        if (v == null) {
            v = DEFAULTS.get(key);
        }
        return Optional.ofNullable(v);
    }

    public int signalingPort() {
        return getInt(SIGNALING_PORT, 3010);
    }

    public String signalingBindAddress() {
        return getString(SIGNALING_BIND, "0.0.0.0");
    }

    public String session() {
        return getString(SESSION, "");
    }

    public Duration heartbeatInterval() {
        return SharedKeys.heartbeatInterval(this);
    }

    public int heartbeatMisses() {
        return SharedKeys.heartbeatMisses(this);
    }

    public Duration retryInterval() {
        return getDuration(RETRY_INTERVAL, Duration.ofMillis(100));
    }

    public Duration deliveryDeadline() {
        return getDuration(DELIVERY_DEADLINE, Duration.ofSeconds(10));
    }

    public int dedupWindow() {
        return getInt(DEDUP_WINDOW, 4096);
    }

    public Duration pingInterval() {
        return getDuration(PING_INTERVAL, Duration.ofSeconds(1));
    }

    public Duration linkTimeout() {
        return getDuration(LINK_TIMEOUT, Duration.ofSeconds(5));
    }

    public Duration reconnectBackoff() {
        return getDuration(RECONNECT_BACKOFF, Duration.ofMillis(250));
    }

    public Duration reconnectMaxBackoff() {
        return getDuration(RECONNECT_MAX_BACKOFF, Duration.ofSeconds(5));
    }

    public Duration upgradeInterval() {
        return getDuration(UPGRADE_INTERVAL, Duration.ofSeconds(5));
    }

    public boolean syncOnConnect() {
        return getBoolean(SYNC_ON_CONNECT, true);
    }

    /** {@link #STATE_DIR}, if set. */
    public Optional<Path> stateDir() {
        return get(STATE_DIR).map(String::trim).filter(v -> !v.isEmpty()).map(Path::of);
    }

    /** {@link #SECURITY}: {@code open} or {@code paired} (validated). */
    public String securityMode() {
        return getString(SECURITY, "paired").trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether {@link #SECURITY} is {@code paired}. */
    public boolean pairedMode() {
        return securityMode().equals("paired");
    }

    private void validate() {
        try {
            int port = signalingPort();
            require(port >= 0 && port <= 65535, SIGNALING_PORT, port, "a port between 0 and 65535");
            heartbeatMisses();
            heartbeatInterval();
            requirePositive(RETRY_INTERVAL, retryInterval());
            requirePositive(DELIVERY_DEADLINE, deliveryDeadline());
            require(deliveryDeadline().compareTo(retryInterval()) >= 0, DELIVERY_DEADLINE, deliveryDeadline(),
                    "at least " + RETRY_INTERVAL + " (" + retryInterval() + ")");
            require(dedupWindow() >= 16, DEDUP_WINDOW, dedupWindow(), "at least 16");
            requirePositive(PING_INTERVAL, pingInterval());
            require(linkTimeout().compareTo(pingInterval().multipliedBy(2)) >= 0, LINK_TIMEOUT, linkTimeout(),
                    "at least twice " + PING_INTERVAL + " (" + pingInterval() + ")");
            requirePositive(RECONNECT_BACKOFF, reconnectBackoff());
            requirePositive(RECONNECT_MAX_BACKOFF, reconnectMaxBackoff());
            requirePositive(UPGRADE_INTERVAL, upgradeInterval());
            syncOnConnect();
            require(securityMode().equals("open") || securityMode().equals("paired"), SECURITY, securityMode(),
                    "'open' or 'paired' (docs/security.md)");
            stateDir();
            // CHANNEL_LABEL is the webrtc transport's: it checks it at build() (WebRtcTransportProvider.validate)
        } catch (Config.InvalidValueException e) {
            throw e.toConfigurationException(null);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the runtime", e);
        }
    }

    /**
     * Refuses paired mode (the default) without a device identity. Checked when a node is built, after its
     * plugins are resolved (a missing plugin is the more basic problem, and resolving plugins alone, as
     * {@code livecontrol status} does, needs no identity).
     *
     * @throws org.mobileworship.livecontrol.api.ConfigurationException naming both ways out: a state directory (and pairing), or open mode
     */
    public void requireIdentityForSecurityMode() {
        try {
            require(!pairedMode() || stateDir().isPresent(), SECURITY, securityMode(), "a device identity with it:"
                    + " paired mode (the default) needs " + STATE_DIR + " (CLI: --state-dir DIR), where the device"
                    + " key and the room's trust list are kept, and the device paired into the room (livecontrol"
                    + " pair); or set " + SECURITY + "=open to let any device on the network join"
                    + " (docs/security.md)");
        } catch (Config.InvalidValueException e) {
            throw e.toConfigurationException(null);
        }
    }

    private static void requirePositive(String key, Duration d) {
        require(!d.isNegative() && !d.isZero(), key, d, "a positive duration");
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw Config.invalidValue(key, String.valueOf(value), expected);
        }
    }
}
