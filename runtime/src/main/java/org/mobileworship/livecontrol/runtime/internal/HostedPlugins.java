package org.mobileworship.livecontrol.runtime.internal;

import java.util.List;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.api.spi.transport.Transport;

/** The started plugins, as the node's parts use them ({@link PluginHost} in production, fakes in tests). */
interface HostedPlugins {
    /** The signaling client; null before start. */
    SignalingClient client();

    /** The started transports, best first (empty before start). */
    List<Transport> transports();

    /** The election; null before start. */
    Election election();

    /** The port this node serves signaling on when it leads (and announces from the start). */
    int servingPort();
}
