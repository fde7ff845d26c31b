package org.mobileworship.livecontrol.api.spi.transport;

import org.mobileworship.livecontrol.api.spi.Provider;

/**
 * Factory of {@link Transport}. Many-valued: every available provider serves, preferred by
 * {@link #priority()}; the runtime falls back per peer to the next on failure.
 */
public interface TransportProvider extends Provider {
    Transport create(TransportContext context);
}
