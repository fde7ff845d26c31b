package org.mobileworship.livecontrol.discovery;

import java.util.Map;
import java.util.UUID;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.testkit.DiscoveryContractTest;

/**
 * The testkit's discovery contract against real jmdns, bound to 127.0.0.1 only, with a service type of its
 * own so nothing else on the machine is seen or disturbed.
 */
class MdnsDiscoveryContractTest extends DiscoveryContractTest {
    private final String serviceType = "_lc" + UUID.randomUUID().toString().substring(0, 8) + "._tcp.local.";

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
