package org.mobileworship.livecontrol.election.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.election.internal.BullyElection.State;

/**
 * One role of the election ({@link Discovering}, {@link Candidate}, {@link Leading}, {@link Following}).
 * A role object is created on entry and owns the fields and timers of that role only; {@link #exit()} cancels
 * its timers, and every timer or probe callback it started is dropped once it has exited. That is how stale
 * callbacks are discarded: no epoch counters, just "the role that asked is gone".
 *
 * <p>All methods run on the election loop (one task at a time), so roles need no locks.
 */
abstract class Role {

    protected final BullyElection election;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private boolean active = true;

    Role(BullyElection election) {
        this.election = election;
    }

    abstract State state();

    /** Called once when the role becomes current. */
    abstract void enter();

    /** Every poll interval, after discovery was re-read. */
    abstract void tick();

    /** A peer's record is new or changed. */
    abstract void peerChanged(DiscoveredPeer peer);

    /** A peer's record was withdrawn or expired. */
    abstract void peerGone(PeerId peer);

    /** The runtime reports {@code leader} unreachable. Only a follower acts on it. */
    void leaderUnreachable(PeerId leader, String reason) {
        BullyElection.log.debug("election: ignoring unreachable report for {} ({}) while {}", leader, reason,
                state());
    }

    /** The runtime's connection to {@code leader} has been silent for all but its last heartbeat. Only a follower acts on it. */
    void leaderSuspected(PeerId leader, String reason) {
    }

    abstract void networkChanged();

    /** A node told this one it leads with a better priority (already remembered in the peer table). */
    void leaderNoticed(DiscoveredPeer peer) {
    }

    /** Leaves the role: its timers are cancelled and its pending callbacks will be dropped. */
    final void exit() {
        active = false;
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    final boolean active() {
        return active;
    }

    /** Runs {@code task} on the loop after {@code delay}, unless this role has exited by then. */
    final ScheduledFuture<?> after(Duration delay, Runnable task) {
        timers.removeIf(ScheduledFuture::isDone);
        ScheduledFuture<?> f = election.schedule(delay, () -> {
            if (active) {
                task.run();
            }
        });
        timers.add(f);
        return f;
    }

    /** Probes {@code endpoint}; {@code then} runs on the loop with the answer, unless this role has exited. */
    final void probe(InetSocketAddress endpoint, Consumer<Optional<LeaderHealth>> then) {
        election.probe(endpoint, health -> {
            if (active) {
                then.accept(health);
            }
        });
    }

    @Override
    public String toString() {
        return state().toString();
    }
}
