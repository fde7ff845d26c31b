package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;

/** What an election needs: discovery (already started by the runtime), a probe, and a way to serve. */
public interface ElectionContext extends ProviderContext {

    /** Started discovery; the election may {@link Discovery#announce} leader changes through it. */
    Discovery discovery();

    LeaderProbe probe();

    Leadership leadership();
}
