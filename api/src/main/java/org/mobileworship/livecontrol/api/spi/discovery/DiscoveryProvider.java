package org.mobileworship.livecontrol.api.spi.discovery;

import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.api.spi.ProviderContext;

/** Factory of {@link Discovery}; single-choice (one per node, selected by {@code livecontrol.discovery}). */
public interface DiscoveryProvider extends Provider {
    Discovery create(ProviderContext context);
}
