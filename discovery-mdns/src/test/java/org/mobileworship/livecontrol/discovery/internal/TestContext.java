package org.mobileworship.livecontrol.discovery.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

/** A ProviderContext for tests and test mains (real clock, a daemon scheduler). */
public class TestContext implements ProviderContext {
    public final PeerId id;
    public final PeerType type;
    public final String name;
    public final long started;
    public final Map<String, String> config = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "test-scheduler");
        t.setDaemon(true);
        return t;
    });

    public TestContext(PeerId id, PeerType type, String name, long started) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.started = started;
    }

    public TestContext with(String key, String value) {
        config.put(key, value);
        return this;
    }

    public Announcement announcement() {
        return new Announcement(id, type, name, started, null, 0, 0, Announcement.PROTOCOL_VERSION);
    }

    @Override
    public PeerId localId() {
        return id;
    }

    @Override
    public PeerType localType() {
        return type;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public long startedAtMillis() {
        return started;
    }

    @Override
    public Config config() {
        return k -> Optional.ofNullable(config.get(k));
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
