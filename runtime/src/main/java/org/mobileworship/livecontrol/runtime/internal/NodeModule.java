package org.mobileworship.livecontrol.runtime.internal;

import com.google.common.base.Ticker;
import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.time.Clock;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.runtime.Plugins;

/**
 * The runtime's bindings. Users override any of them with {@code RuntimeBuilder.withModule(...)} (applied
 * through {@code Modules.override}), e.g. a fixed {@link Clock}, a fake {@link Ticker} or a hand-picked provider.
 */
public final class NodeModule extends AbstractModule {
    private final NodeIdentity identity;
    private final LiveControlConfig config;
    private final Plugins plugins;

    public NodeModule(NodeIdentity identity, LiveControlConfig config, Plugins plugins) {
        this.identity = identity;
        this.config = config;
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(NodeIdentity.class).toInstance(identity);
        bind(LiveControlConfig.class).toInstance(config);
        bind(Config.class).to(LiveControlConfig.class);
        bind(Clock.class).toInstance(Clock.systemUTC());
        // elapsed time (retries, deadlines, round trips, link liveness): monotonic, unlike the Clock
        bind(Ticker.class).toInstance(Ticker.systemTicker());
        bind(LiveControl.class).to(LiveControlNode.class);
        bind(LiveControlNode.class).in(Singleton.class);
        bind(DiscoveryProvider.class).toInstance(plugins.discovery());
        bind(ElectionProvider.class).toInstance(plugins.election());
        bind(SignalingProvider.class).toInstance(plugins.signaling());
        bind(new TypeLiteral<List<TransportProvider>>() { }).toInstance(plugins.transports());
    }
}
