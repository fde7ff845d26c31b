package org.mobileworship.livecontrol.testkit;

import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.testkit.internal.InMemoryDiscovery;

/**
 * Discovery through an {@link InMemoryNetwork} ({@code livecontrol.discovery=in-memory}). Config:
 * {@value InMemoryNetwork#CONFIG_KEY} (default {@code default}) and
 * {@value InMemoryDiscovery#VISIBILITY_DELAY_KEY} (default: the network's, 0).
 */
public final class InMemoryDiscoveryProvider implements DiscoveryProvider {
    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Discovery create(ProviderContext context) {
        return new InMemoryDiscovery(context, InMemoryNetwork.of(context.config()).core());
    }
}
