package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.testkit.InMemoryDiscoveryProvider;
import org.mobileworship.livecontrol.testkit.InMemoryElectionProvider;
import org.mobileworship.livecontrol.testkit.InMemorySignalingProvider;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;

/** What a node says when its transports cannot serve: every cause, not "see the log". */
class RuntimeDiagnosticsTest {

    /** A transport whose {@code create} fails, as a native or socket problem at start would. */
    private record FailingTransport(String name, String why) implements TransportProvider {
        @Override
        public Transport create(TransportContext context) {
            throw new IllegalStateException(why);
        }
    }

    /** A transport that reports itself unavailable (e.g. its native library is missing). */
    private record UnavailableTransport(String name) implements TransportProvider {
        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.of(new UnsatisfiedLinkError("libnative.so missing: install libnative"));
        }

        @Override
        public Transport create(TransportContext context) {
            throw new AssertionError("an unavailable transport must never be created");
        }
    }

    @Test
    void whenEveryTransportFailsToStartTheErrorNamesEachCause() {
        try (LiveControlCluster cluster = new LiveControlCluster().transports(List.of(
                new FailingTransport("alpha", "port 4000 in use"), new FailingTransport("beta", "no route")))) {
            LiveControl node = cluster.controller("booth");
            assertThatThrownBy(node::start)
                    .isInstanceOf(LiveControlException.class)
                    .hasMessageContaining("no transport could start")
                    .hasMessageContaining("'alpha': java.lang.IllegalStateException: port 4000 in use")
                    .hasMessageContaining("'beta': java.lang.IllegalStateException: no route");
        }
    }

    @Test
    void explicitTransportsAreCheckedForAvailabilityAtBuild() {
        assertThat(LiveControlRuntime.builder().role(org.mobileworship.livecontrol.api.PeerType.controller())
                .discovery(new InMemoryDiscoveryProvider()).election(new InMemoryElectionProvider())
                .signaling(new InMemorySignalingProvider())
                .transports(List.of(new UnavailableTransport("native"), new InMemoryTransportProvider()))
                .resolvePlugins().transports()).extracting(Provider::name).containsExactly("in-memory");
        assertThatThrownBy(() -> LiveControlRuntime.builder().role(org.mobileworship.livecontrol.api.PeerType.controller())
                .discovery(new InMemoryDiscoveryProvider()).election(new InMemoryElectionProvider())
                .signaling(new InMemorySignalingProvider())
                .transports(List.of(new UnavailableTransport("native"))).build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("native: libnative.so missing: install libnative");
    }
}
