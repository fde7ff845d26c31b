package org.mobileworship.livecontrol.signaling.support;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;

/** A ProviderContext over a map of config keys and a shared test scheduler. */
public final class TestContext implements ProviderContext {
    private final Map<String, String> config = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private final PeerId id = PeerId.random();

    public TestContext(ScheduledExecutorService scheduler, Map<String, String> config) {
        this.scheduler = scheduler;
        this.config.putAll(config);
    }

    @Override
    public PeerId localId() {
        return id;
    }

    @Override
    public PeerType localType() {
        return PeerType.controller();
    }

    @Override
    public String displayName() {
        return "test";
    }

    @Override
    public long startedAtMillis() {
        return 0;
    }

    @Override
    public Config config() {
        return key -> Optional.ofNullable(config.get(key));
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }
}
