package org.mobileworship.livecontrol.runtime;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingProvider;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.runtime.internal.LiveControlNode;
import org.mobileworship.livecontrol.runtime.internal.NodeIdentity;
import org.mobileworship.livecontrol.runtime.internal.NodeModule;
import org.mobileworship.livecontrol.runtime.internal.PluginResolver;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * Builds a node. Plugins come from the classpath ({@link java.util.ServiceLoader}) unless given here;
 * Guice modules added with {@link #withModule} override the runtime's bindings.
 */
public final class RuntimeBuilder implements LiveControl.Builder {
    private PeerType type;
    private String displayName;
    private PeerId peerId;
    private Path configFile;
    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<Module> modules = new ArrayList<>();
    private DiscoveryProvider discovery;
    private ElectionProvider election;
    private SignalingProvider signaling;
    private List<TransportProvider> transports;
    private ClassLoader classLoader = RuntimeBuilder.class.getClassLoader();
    private Map<String, String> environment = System.getenv();

    RuntimeBuilder() {
    }

    @Override
    public RuntimeBuilder role(PeerType type) {
        this.type = Objects.requireNonNull(type, "type");
        return this;
    }

    @Override
    public RuntimeBuilder displayName(String name) {
        this.displayName = Objects.requireNonNull(name, "name");
        return this;
    }

    @Override
    public RuntimeBuilder peerId(PeerId id) {
        this.peerId = Objects.requireNonNull(id, "id");
        return this;
    }

    @Override
    public RuntimeBuilder config(String key, String value) {
        config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public RuntimeBuilder configFile(Path file) {
        this.configFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Adds a Guice module whose bindings override the runtime's (e.g. a fixed {@code java.time.Clock}). */
    public RuntimeBuilder withModule(Module module) {
        modules.add(Objects.requireNonNull(module, "module"));
        return this;
    }

    /** Uses this discovery instead of looking on the classpath. */
    public RuntimeBuilder discovery(DiscoveryProvider provider) {
        this.discovery = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /** Uses this election instead of looking on the classpath. */
    public RuntimeBuilder election(ElectionProvider provider) {
        this.election = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /** Uses this signaling instead of looking on the classpath. */
    public RuntimeBuilder signaling(SignalingProvider provider) {
        this.signaling = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /**
     * Uses these transports, in this order of preference, instead of looking on the classpath. As on the
     * classpath, one whose {@code unavailabilityCause()} is set is skipped with a warning; none usable fails
     * {@code build()} naming each cause.
     */
    public RuntimeBuilder transports(List<TransportProvider> providers) {
        this.transports = List.copyOf(providers);
        return this;
    }

    /** Where to look for plugins (default: this class's loader). */
    public RuntimeBuilder classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /** The environment variables to read ({@code LIVECONTROL_*}); default: the process environment. */
    public RuntimeBuilder environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    /** Resolves plugins without building a node: what {@link #build()} would run with. */
    public Plugins resolvePlugins() {
        return resolve(loadConfig());
    }

    @Override
    public LiveControl build() {
        if (type == null) {
            throw new LiveControlException("role is required: call role(PeerType.controller()) or "
                    + "role(PeerType.display(DisplayClass.AUDIENCE))");
        }
        if (type instanceof PeerType.Other) {
            throw new LiveControlException("role must be a controller or a display, not " + type);
        }
        LiveControlConfig cfg = loadConfig();
        Plugins plugins = resolve(cfg);
        List<org.mobileworship.livecontrol.api.spi.Provider> chosen = new ArrayList<>(
                List.of(plugins.discovery(), plugins.election(), plugins.signaling()));
        chosen.addAll(plugins.transports());
        PluginResolver.validate(cfg, chosen);
        cfg.requireIdentityForSecurityMode();
        DeviceIdentity device = cfg.stateDir().map(DeviceIdentity::loadOrCreate).orElse(null);
        if (device != null && peerId != null && !peerId.equals(device.peerId())) {
            throw new LiveControlException("peerId(" + peerId + ") conflicts with the device key in "
                    + cfg.stateDir().get() + " (its id is " + device.peerId() + "): with "
                    + LiveControlConfig.STATE_DIR + " set, the id comes from the key; do not set peerId");
        }
        // with a device identity the room's trust list is kept next to the key; paired mode enforces it
        TrustStore trust = device == null ? null
                : TrustStore.load(cfg.stateDir().get(), device, cfg.pairedMode(), java.time.Clock.systemUTC());
        NodeIdentity identity = new NodeIdentity(device != null ? device.peerId()
                : peerId != null ? peerId : PeerId.random(), type,
                displayName != null ? displayName : defaultName(), System.currentTimeMillis(), device, trust);
        Module base = new NodeModule(identity, cfg, plugins);
        Module all = modules.isEmpty() ? base : Modules.override(base).with(modules);
        try {
            return Guice.createInjector(all).getInstance(LiveControlNode.class);
        } catch (com.google.inject.CreationException | com.google.inject.ConfigurationException e) {
            throw new LiveControlException("cannot wire the node: " + e.getMessage(), e);
        }
    }

    private LiveControlConfig loadConfig() {
        return LiveControlConfig.load(config, configFile, environment, System.getProperties());
    }

    private Plugins resolve(LiveControlConfig cfg) {
        DiscoveryProvider d = discovery != null ? PluginResolver.checkExplicit(DiscoveryProvider.class, discovery) : PluginResolver.selectOne(DiscoveryProvider.class,
                "discovery", LiveControlConfig.DISCOVERY, "org.mobileworship.livecontrol:livecontrol-discovery-mdns",
                PluginResolver.load(DiscoveryProvider.class, classLoader), cfg);
        ElectionProvider e = election != null ? PluginResolver.checkExplicit(ElectionProvider.class, election) : PluginResolver.selectOne(ElectionProvider.class,
                "election", LiveControlConfig.ELECTION, "org.mobileworship.livecontrol:livecontrol-election",
                PluginResolver.load(ElectionProvider.class, classLoader), cfg);
        SignalingProvider s = signaling != null ? PluginResolver.checkExplicit(SignalingProvider.class, signaling) : PluginResolver.selectOne(SignalingProvider.class,
                "signaling", LiveControlConfig.SIGNALING, "org.mobileworship.livecontrol:livecontrol-signaling-jetty",
                PluginResolver.load(SignalingProvider.class, classLoader), cfg);
        List<TransportProvider> t = transports != null
                ? PluginResolver.usableExplicit(TransportProvider.class, transports) : PluginResolver.selectAll(
                TransportProvider.class, LiveControlConfig.TRANSPORTS,
                "org.mobileworship.livecontrol:livecontrol-transport-webrtc and/or "
                        + "org.mobileworship.livecontrol:livecontrol-transport-websocket-fallback",
                PluginResolver.load(TransportProvider.class, classLoader), cfg);
        return new Plugins(d, e, s, t);
    }

    private static String defaultName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "livecontrol-node";
        }
    }
}
