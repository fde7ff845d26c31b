package org.mobileworship.livecontrol.election;

import org.mobileworship.livecontrol.api.spi.Config;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.election.internal.BullyElection;
import org.mobileworship.livecontrol.election.internal.ElectionSettings;

/**
 * The seed's Bully-variant election ({@code livecontrol.election=bully}, priority 100).
 *
 * <p>The election reacts at once to the discovery callbacks the runtime forwards (an {@link Election} is a
 * {@link org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener} by contract) and also re-reads
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
        String id = context.localId().value();
        String shortId = id.length() > 8 ? id.substring(0, 8) : id;
        // The election loop: one private thread runs every election task in order. Timers still come from
        // the node's scheduler (they only post onto this loop).
        ThreadPoolExecutor loop = serialThread("livecontrol-election-" + shortId);
        // Leadership calls (binding and starting the signaling server) run on a second thread, so the loop
        // never waits for them; it idles out between elections.
        ThreadPoolExecutor worker = serialThread("livecontrol-election-serve-" + shortId);
        return new BullyElection(context, settings, loop, worker, () -> {
            loop.shutdown();
            worker.shutdown();
        });
    }

    private static ThreadPoolExecutor serialThread(String name) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
