package org.mobileworship.livecontrol.api.spi.transport;

import org.mobileworship.livecontrol.api.spi.ProviderContext;

/** What a transport gets from the runtime. */
public interface TransportContext extends ProviderContext {
    SignalSender signaling();
}
