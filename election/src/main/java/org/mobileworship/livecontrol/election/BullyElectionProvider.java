package org.mobileworship.livecontrol.election;

import org.mobileworship.livecontrol.api.spi.Config;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.election.internal.BullyElection;
import org.mobileworship.livecontrol.election.internal.ElectionSettings;

/**
 * The seed's Bully-variant election ({@code livecontrol.election=bully}, priority 100).
 *
 * <p>The returned {@link Election} also implements
 * {@link org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener}: a runtime that forwards discovery
 * callbacks to it reacts at once; without forwarding it still works by polling
 * {@code discovery.peers()} every {@code livecontrol.election.poll-interval}. See the module README for keys.
 */
public final class BullyElectionProvider implements ElectionProvider {

    @Override
    public String name() {
        return "bully";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Parses {@code livecontrol.election.*} so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        ElectionSettings.from(config);
    }

    @Override
    public Election create(ElectionContext context) {
        ElectionSettings settings = ElectionSettings.from(context.config());
        // A private thread runs election work so that Leadership.startServing (which may bind a server and
        // take a while) never blocks the node's shared scheduler; timers still come from that scheduler.
        ExecutorService events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "livecontrol-election");
            t.setDaemon(true);
            return t;
        });
        return new BullyElection(context, settings, events, events::shutdown);
    }
}
