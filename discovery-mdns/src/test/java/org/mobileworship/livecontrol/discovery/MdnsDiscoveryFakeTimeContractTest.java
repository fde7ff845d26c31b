package org.mobileworship.livecontrol.discovery;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Map;
import java.util.UUID;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.testkit.DiscoveryContractTest;
import org.mobileworship.livecontrol.testkit.DrivenFakeTime;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * The discovery contract against real jmdns on 127.0.0.1 with the context's scheduler and clock on
 * fake time ({@link DrivenFakeTime}) (moved ten times faster than real time). mDNS's own pacing (jmdns's probes and announcements,
 * the plugin's interface poll on its own thread) stays real: only what the plugin takes from its context — the
 * clock that stamps when a peer was last seen — is fake here.
 */
class MdnsDiscoveryFakeTimeContractTest extends DiscoveryContractTest {
    private final String serviceType = "_lc" + UUID.randomUUID().toString().substring(0, 8) + "._tcp.local.";
    @RegisterExtension
    final DrivenFakeTime time = DrivenFakeTime.moving(Duration.ofMillis(50), Duration.ofMillis(5));

    @Override
    protected TestContext.Builder context(TestContext.Builder builder) {
        return time.apply(builder);
    }

    @Override
    protected Discovery createDiscovery(ProviderContext context) {
        return new MdnsDiscoveryProvider().create(context);
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("livecontrol.discovery.interfaces", "127.0.0.1",
                "livecontrol.discovery.service-type", serviceType);
    }
}
