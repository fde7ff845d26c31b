package org.mobileworship.livecontrol.api.spi.election;

import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;

/**
 * What an election needs: discovery (already started by the runtime), a probe, a way to serve, and the port
 * this node serves on when elected.
 */
public interface ElectionContext extends ProviderContext {

    /** Started discovery; the election may {@link Discovery#announce} leader changes through it. */
    Discovery discovery();

    LeaderProbe probe();

    Leadership leadership();

    /**
     * The port this node serves signaling on when elected, which the runtime already announced in this
     * node's first {@link org.mobileworship.livecontrol.api.spi.discovery.Announcement}; the election repeats
     * it in its own announcements. 0 when not known before the first {@link Leadership#startServing} (the
     * election then leaves non-leader announcements to the runtime rather than announce port 0).
     */
    int signalingPort();
}
