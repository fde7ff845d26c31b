package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.spi.Provider;

/** Factory of {@link Election}; single-choice, selected by {@code livecontrol.election}. */
public interface ElectionProvider extends Provider {
    Election create(ElectionContext context);
}
