package org.mobileworship.livecontrol.testkit;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.api.spi.transport.SignalSender;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;

/**
 * A plugin context for tests without a runtime: one object serves as {@link org.mobileworship.livecontrol.api.spi.ProviderContext},
 * {@link TransportContext} and {@link ElectionContext}. Parts not given (signaling, discovery, probe,
 * leadership) throw {@link IllegalStateException} when asked for. Owns a one-thread scheduler that
 * {@link #close()} stops, unless the test supplies its own ({@link Builder#scheduler}, e.g. a
 * {@link ManualScheduler} for fake time, which the test then owns).
 */
public final class TestContext implements TransportContext, ElectionContext, AutoCloseable {
    private final PeerId localId;
    private final PeerType localType;
    private final String displayName;
    private final long startedAtMillis;
    private final Config config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final int signalingPort;
    private final SignalSender signaling;
    private final Discovery discovery;
    private final LeaderProbe probe;
    private final Leadership leadership;
    private final org.mobileworship.livecontrol.api.spi.signaling.DeviceKey deviceKey;

    private TestContext(Builder b) {
        this.localId = b.localId;
        this.localType = b.localType;
        this.displayName = b.displayName != null ? b.displayName : b.localType + " " + b.localId;
        this.startedAtMillis = b.startedAtMillis;
        this.config = MapConfig.of(b.config);
        this.clock = b.clock;
        this.signaling = b.signaling;
        this.discovery = b.discovery;
        this.probe = b.probe;
        this.leadership = b.leadership;
        this.deviceKey = b.deviceKey;
        this.signalingPort = b.signalingPort;
        this.ownsScheduler = b.scheduler == null;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
        } else {
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1,
                    DaemonThreadFactory.forNode(localId, "test-context"));
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = own;
        }
    }

    public static Builder builder(PeerId localId, PeerType localType) {
        return new Builder(localId, localType);
    }

    /** Builder of {@link TestContext}. */
    public static final class Builder {
        private final PeerId localId;
        private final PeerType localType;
        private String displayName;
        private long startedAtMillis = System.currentTimeMillis();
        private final Map<String, String> config = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private SignalSender signaling;
        private Discovery discovery;
        private LeaderProbe probe;
        private Leadership leadership;
        private ScheduledExecutorService scheduler;
        private int signalingPort;
        private org.mobileworship.livecontrol.api.spi.signaling.DeviceKey deviceKey;

        private Builder(PeerId localId, PeerType localType) {
            this.localId = Objects.requireNonNull(localId, "localId");
            this.localType = Objects.requireNonNull(localType, "localType");
        }

        public Builder displayName(String name) {
            this.displayName = name;
            return this;
        }

        public Builder startedAtMillis(long millis) {
            this.startedAtMillis = millis;
            return this;
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Builder signaling(SignalSender sender) {
            this.signaling = sender;
            return this;
        }

        public Builder discovery(Discovery d) {
            this.discovery = d;
            return this;
        }

        public Builder probe(LeaderProbe p) {
            this.probe = p;
            return this;
        }

        public Builder leadership(Leadership l) {
            this.leadership = l;
            return this;
        }

        /**
         * The scheduler plugins get (e.g. a {@link ManualScheduler} for fake time; pass its
         * {@link ManualScheduler#clock()} to {@link #clock} too). The test owns it: {@link TestContext#close()}
         * leaves it running.
         */
        public Builder scheduler(ScheduledExecutorService s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** The port an election is told this node serves signaling on ({@link ElectionContext#signalingPort()}); 0 = unknown. */
        public Builder signalingPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("signalingPort " + port + " is not a port (1-65535, or 0)");
            }
            this.signalingPort = port;
            return this;
        }

        /** This node's device key ({@code localId} must then be the key's id). */
        public Builder deviceKey(org.mobileworship.livecontrol.api.spi.signaling.DeviceKey key) {
            this.deviceKey = key;
            return this;
        }

        public TestContext build() {
            return new TestContext(this);
        }
    }

    @Override
    public java.util.Optional<org.mobileworship.livecontrol.api.spi.signaling.DeviceKey> deviceKey() {
        return java.util.Optional.ofNullable(deviceKey);
    }

    @Override
    public PeerId localId() {
        return localId;
    }

    @Override
    public PeerType localType() {
        return localType;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public long startedAtMillis() {
        return startedAtMillis;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public SignalSender signaling() {
        return require(signaling, "signaling");
    }

    @Override
    public Discovery discovery() {
        return require(discovery, "discovery");
    }

    @Override
    public LeaderProbe probe() {
        return require(probe, "probe");
    }

    @Override
    public Leadership leadership() {
        return require(leadership, "leadership");
    }

    @Override
    public int signalingPort() {
        return signalingPort;
    }

    private <T> T require(T part, String what) {
        if (part == null) {
            throw new IllegalStateException("this TestContext of " + localId + " was built without " + what);
        }
        return part;
    }

    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}
