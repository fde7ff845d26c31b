package org.mobileworship.livecontrol.signaling;

import java.util.Optional;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.signaling.StandbyServer;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingClient;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingServer;
import org.mobileworship.livecontrol.signaling.internal.JettyStandbyServer;
import org.mobileworship.livecontrol.signaling.internal.SignalingSettings;

/**
 * Signaling over Jetty 12 WebSocket: the leader's server ({@code ws://host:3010/signaling}, {@code GET /health})
 * and every node's client. Name {@code jetty}, priority 100.
 *
 * <p>Configuration keys (defaults): {@code livecontrol.heartbeat.interval} (2s),
 * {@code livecontrol.heartbeat.misses} (3), {@code livecontrol.signaling.idle-timeout} (30s),
 * {@code livecontrol.signaling.write-timeout} (5s), {@code livecontrol.signaling.max-frame-bytes} (65536),
 * {@code livecontrol.signaling.max-peers} (64), {@code livecontrol.signaling.max-frames-per-second} (200),
 * {@code livecontrol.signaling.rate-limit-close-after} (10s), {@code livecontrol.signaling.reclaim-window} (5s: long enough to bridge a reconnect, short enough that a restarted device without its token gets its id back quickly),
 * {@code livecontrol.signaling.connect-timeout} (3s), {@code livecontrol.signaling.max-outgoing-frames} (1024).
 * The port ({@code livecontrol.signaling.port}, default {@value #DEFAULT_PORT}) is chosen by the runtime and
 * passed to {@link SignalingServer#start}. See {@code docs/protocol.md} for the wire protocol.
 */
public final class JettySignalingProvider implements SignalingProvider {
    /** The seed's signaling port. */
    public static final int DEFAULT_PORT = 3010;
    /** Whether a node serves the web pages on its signaling port while it does not lead (default true). */
    public static final String STANDBY_PAGES = "livecontrol.signaling.standby-pages";

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Parses the keys listed above so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        SignalingSettings.from(config);
        standbyPages(config);
    }

    @Override
    public SignalingServer createServer(ProviderContext context) {
        return new JettySignalingServer(SignalingSettings.from(context.config()), context.scheduler(),
                context.trust().orElse(null), context.deviceKey().orElse(null));
    }

    /**
     * Every node serves the web pages on its signaling port while it follows (when the livecontrol-web jar is on
     * the classpath and {@value #STANDBY_PAGES} is not {@code false}), so a bookmarked page URL keeps working
     * whichever node leads.
     */
    @Override
    public Optional<StandbyServer> createStandbyServer(ProviderContext context) {
        if (!standbyPages(context.config()) || !JettyStandbyServer.pagesAvailable()) {
            return Optional.empty();
        }
        return Optional.of(new JettyStandbyServer());
    }

    private static boolean standbyPages(Config config) {
        String v = config.get(STANDBY_PAGES).orElse("true").strip();
        if (!v.equals("true") && !v.equals("false")) {
            throw new LiveControlException(STANDBY_PAGES + " = '" + v + "' is not a boolean; use true or false");
        }
        return v.equals("true");
    }

    @Override
    public SignalingClient createClient(ProviderContext context) {
        return new JettySignalingClient(SignalingSettings.from(context.config()), context.scheduler(),
                context.trust().orElse(null));
    }
}
