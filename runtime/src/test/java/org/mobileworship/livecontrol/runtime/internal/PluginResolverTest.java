package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.slf4j.LoggerFactory;

class PluginResolverTest {

    // ---- test providers, listed in generated META-INF/services files
    public abstract static class TestDiscovery implements DiscoveryProvider {
        @Override
        public Discovery create(ProviderContext context) {
            throw new UnsupportedOperationException("not needed for resolution");
        }
    }

    public static final class AlphaDiscovery extends TestDiscovery {
        @Override
        public String name() {
            return "alpha";
        }

        @Override
        public int priority() {
            return 5;
        }
    }

    public static final class BetaDiscovery extends TestDiscovery {
        @Override
        public String name() {
            return "beta";
        }

        @Override
        public int priority() {
            return 50;
        }
    }

    /** Same priority as Beta: the tie is broken by class name (Beta < Gamma), never classpath order. */
    public static final class GammaDiscovery extends TestDiscovery {
        @Override
        public String name() {
            return "gamma";
        }

        @Override
        public int priority() {
            return 50;
        }
    }

    public static final class ExplodingDiscovery extends TestDiscovery {
        public ExplodingDiscovery() {
            throw new IllegalStateException("boom in constructor");
        }

        @Override
        public String name() {
            return "exploding";
        }
    }

    public static final class UnavailableDiscovery extends TestDiscovery {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.of(new UnsatisfiedLinkError("libfoo.so missing: apt-get install libfoo"));
        }
    }

    public abstract static class TestTransport implements TransportProvider {
        @Override
        public Transport create(TransportContext context) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class FastTransport extends TestTransport {
        @Override
        public String name() {
            return "fast";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.of(new UnsatisfiedLinkError("libpulse.so.0 missing: apt-get install libpulse0"));
        }
    }

    public static final class SlowTransport extends TestTransport {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public int priority() {
            return 10;
        }
    }

    public static final class MediumTransport extends TestTransport {
        @Override
        public String name() {
            return "medium";
        }

        @Override
        public int priority() {
            return 50;
        }
    }

    @TempDir
    Path dir;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(PluginResolver.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(PluginResolver.class)).detachAppender(logs);
    }

    private ClassLoader loaderWith(Class<?> spi, Class<?>... impls) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : impls) {
            sb.append(c.getName()).append('\n');
        }
        Files.writeString(services.resolve(spi.getName()), sb.toString());
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private DiscoveryProvider selectDiscovery(ClassLoader loader, Map<String, String> config) {
        return PluginResolver.selectOne(DiscoveryProvider.class, "discovery", LiveControlConfig.DISCOVERY,
                "org.mobileworship.livecontrol:livecontrol-discovery-mdns",
                PluginResolver.load(DiscoveryProvider.class, loader), LiveControlConfig.of(config));
    }

    @Test
    void zeroProvidersNamesTheArtifactToAdd() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class);
        assertThatThrownBy(() -> selectDiscovery(loader, Map.of()))
                .isInstanceOf(LiveControlException.class)
                .hasMessage("No DiscoveryProvider on the classpath: add "
                        + "org.mobileworship.livecontrol:livecontrol-discovery-mdns");
    }

    @Test
    void oneProviderIsUsedWithoutWarning() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, AlphaDiscovery.class);
        assertThat(selectDiscovery(loader, Map.of()).name()).isEqualTo("alpha");
        assertThat(logs.list).isEmpty();
    }

    @Test
    void severalProvidersWarnListingEachAndTakeHighestPriorityThenClassName() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, GammaDiscovery.class, AlphaDiscovery.class,
                BetaDiscovery.class);
        assertThat(selectDiscovery(loader, Map.of()).name()).isEqualTo("beta");
        assertThat(logs.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("Several DiscoveryProviders found: 'beta' (priority 50, ")
                .contains("'gamma' (priority 50, ", "'alpha' (priority 5, ")
                .endsWith("using 'beta'. Set livecontrol.discovery to choose.");
    }

    @Test
    void explicitSelectionWins() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, AlphaDiscovery.class, BetaDiscovery.class);
        assertThat(selectDiscovery(loader, Map.of("livecontrol.discovery", "alpha")).name()).isEqualTo("alpha");
    }

    @Test
    void unknownNameListsTheKnownOnesAndTheFailures() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, AlphaDiscovery.class, BetaDiscovery.class,
                ExplodingDiscovery.class);
        assertThatThrownBy(() -> selectDiscovery(loader, Map.of("livecontrol.discovery", "mdns")))
                .isInstanceOf(LiveControlException.class)
                .hasMessageStartingWith("Unknown discovery provider 'mdns' set by livecontrol.discovery; "
                        + "known: beta, alpha; failed to load: " + ExplodingDiscovery.class.getName())
                .hasMessageContaining("boom in constructor");
    }

    @Test
    void providerThatThrowsInItsConstructorIsReportedAndSkipped() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, ExplodingDiscovery.class, AlphaDiscovery.class);
        assertThat(selectDiscovery(loader, Map.of()).name()).isEqualTo("alpha");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains(ExplodingDiscovery.class.getName())
                        .contains("failed to load and is skipped").contains("boom in constructor"));
    }

    @Test
    void unavailableProviderIsSkippedUnlessSelected() throws IOException {
        ClassLoader loader = loaderWith(DiscoveryProvider.class, UnavailableDiscovery.class, AlphaDiscovery.class);
        assertThat(selectDiscovery(loader, Map.of()).name()).isEqualTo("alpha");
        assertThatThrownBy(() -> selectDiscovery(loader, Map.of("livecontrol.discovery", "broken")))
                .hasMessage("DiscoveryProvider 'broken' selected by livecontrol.discovery is unavailable: "
                        + "libfoo.so missing: apt-get install libfoo");
    }

    @Test
    void transportsAreAllAvailableOnesBestFirstAndUnavailableOnesLogged() throws IOException {
        ClassLoader loader = loaderWith(TransportProvider.class, SlowTransport.class, FastTransport.class,
                MediumTransport.class);
        List<TransportProvider> chosen = PluginResolver.selectAll(TransportProvider.class,
                LiveControlConfig.TRANSPORTS, "a transport", PluginResolver.load(TransportProvider.class, loader),
                LiveControlConfig.of(Map.of()));
        assertThat(chosen).extracting(TransportProvider::name).containsExactly("medium", "slow");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("TransportProvider 'fast' is unavailable, the next transport serves instead: "
                        + "libpulse.so.0 missing: apt-get install libpulse0");
    }

    @Test
    void transportAllowListNarrowsAndRejectsUnknownNames() throws IOException {
        ClassLoader loader = loaderWith(TransportProvider.class, SlowTransport.class, MediumTransport.class);
        var found = PluginResolver.load(TransportProvider.class, loader);
        assertThat(PluginResolver.selectAll(TransportProvider.class, LiveControlConfig.TRANSPORTS, "x", found,
                LiveControlConfig.of(Map.of("livecontrol.transports", "slow")))).extracting(TransportProvider::name)
                .containsExactly("slow");
        assertThatThrownBy(() -> PluginResolver.selectAll(TransportProvider.class, LiveControlConfig.TRANSPORTS,
                "x", found, LiveControlConfig.of(Map.of("livecontrol.transports", "carrier-pigeon"))))
                .hasMessage("Unknown transport 'carrier-pigeon' in livecontrol.transports; known: medium, slow");
    }

    @Test
    void noUsableTransportExplainsEachCause() throws IOException {
        ClassLoader loader = loaderWith(TransportProvider.class, FastTransport.class);
        assertThatThrownBy(() -> PluginResolver.selectAll(TransportProvider.class, LiveControlConfig.TRANSPORTS,
                "org.mobileworship.livecontrol:livecontrol-transport-websocket-fallback",
                PluginResolver.load(TransportProvider.class, loader), LiveControlConfig.of(Map.of())))
                .hasMessage("No TransportProvider available: add "
                        + "org.mobileworship.livecontrol:livecontrol-transport-websocket-fallback "
                        + "(unavailable: fast: libpulse.so.0 missing: apt-get install libpulse0)");
    }

    @Test
    void narrowingToUnavailableTransportsSaysSoInsteadOfAskingForTheJars() throws IOException {
        ClassLoader loader = loaderWith(TransportProvider.class, FastTransport.class, SlowTransport.class);
        assertThatThrownBy(() -> PluginResolver.selectAll(TransportProvider.class, LiveControlConfig.TRANSPORTS,
                "org.mobileworship.livecontrol:livecontrol-transport-webrtc",
                PluginResolver.load(TransportProvider.class, loader),
                LiveControlConfig.of(Map.of("livecontrol.transports", "fast"))))
                .isInstanceOf(LiveControlException.class)
                .hasMessage("No TransportProvider available among those livecontrol.transports selects (fast): "
                        + "fast: libpulse.so.0 missing: apt-get install libpulse0; also on the classpath but not "
                        + "selected: slow (add them to livecontrol.transports or remove the key)");
    }

    @Test
    void explicitTransportsAreCheckedForAvailabilityToo() {
        assertThat(PluginResolver.usableExplicit(TransportProvider.class,
                List.of(new FastTransport(), new SlowTransport()))).extracting(TransportProvider::name)
                .containsExactly("slow");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "TransportProvider 'fast' given to the builder is unavailable, the next one serves instead: "
                        + "libpulse.so.0 missing: apt-get install libpulse0");
        assertThatThrownBy(() -> PluginResolver.usableExplicit(TransportProvider.class, List.of(new FastTransport())))
                .isInstanceOf(LiveControlException.class)
                .hasMessage("No TransportProvider given to the builder is available "
                        + "(fast: libpulse.so.0 missing: apt-get install libpulse0)");
        assertThatThrownBy(() -> PluginResolver.checkExplicit(DiscoveryProvider.class, new UnavailableDiscovery()))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("given to the builder is unavailable: libfoo.so missing");
    }

    /** A plugin whose own key is checked by {@code validate}. */
    public static final class PickyTransport extends TestTransport {
        @Override
        public String name() {
            return "picky";
        }

        @Override
        public void validate(org.mobileworship.livecontrol.api.spi.Config config) {
            config.getDuration("livecontrol.picky.timeout", java.time.Duration.ofSeconds(1));
        }
    }

    @Test
    void aPluginsBadKeyIsReportedWithThePluginAndTheKey() {
        PluginResolver.validate(LiveControlConfig.of(Map.of("livecontrol.picky.timeout", "2s")),
                List.of(new PickyTransport()));
        assertThatThrownBy(() -> PluginResolver.validate(LiveControlConfig.of(Map.of("livecontrol.picky.timeout",
                "soon")), List.of(new SlowTransport(), new PickyTransport())))
                .isInstanceOf(LiveControlException.class)
                .hasMessageStartingWith("invalid configuration for plugin 'picky' (" + PickyTransport.class.getName()
                        + "): invalid value 'soon' for config key livecontrol.picky.timeout");
    }
}
