package org.mobileworship.livecontrol.discovery.internal;

import java.net.InetAddress;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * Runs the probing and announcing of our JmDNS instances on the schedule of RFC 6762 §8 instead of jmdns'
 * slower one, through jmdns' own extension point ({@link DNSTaskStarter.Factory#setClassDelegate}); every other
 * task (resolvers, responder, reaper) is jmdns' unchanged.
 *
 * <p>Why: jmdns 3.6.3 probes a host that has not been announced yet once per <em>second</em> ({@code Prober.start}
 * takes the 250 ms RFC interval only when the host is already announced) and sends the first announcement a
 * further second after the last probe ({@code Announcer.start}). A new node was therefore invisible for ≈4 s
 * (3 probes + 1 s), while the election's discovery wait is 1.5 s: devices powering on together all claimed
 * leadership, and three leaders existed until mDNS showed them to each other (measured: benchmarks/README.md,
 * "Cold start"). RFC 6762 §8.1: the first probe after a random 0–250 ms delay, three probes 250 ms apart, then,
 * with no conflicting answer within 250 ms, §8.3: the first announcement, and a second one a second later. That
 * makes a new node visible ≈0.75–1 s after it started. The conflict rate limit (jmdns: after 10 probe rounds
 * within 5 s, one probe per second) is kept.
 *
 * <p>The delegate is JVM-wide; it makes the starter only for the JmDNS instances this module creates (by the name
 * registered in {@link #creating} for the duration of {@code JmDNS.create}) and hands every other one to the
 * delegate set before (or jmdns' default), so an application's own JmDNS keeps its behaviour.
 */
final class RfcTimedTaskStarter implements DNSTaskStarter {

    /** Names of JmDNS instances being created by this module right now. */
    private static final Set<String> creating = ConcurrentHashMap.newKeySet();
    private static volatile boolean installed;

    private final JmDNSImpl dns;
    /** Resolvers, responder and reaper: jmdns' own starter (its unused state timer is cancelled at once). */
    private final DNSTaskStarter jmdnsDefault;
    /** Probing, announcing, renewing and cancelling, one at a time in order, as in jmdns (not a daemon: see jmdns). */
    private final Timer stateTimer;

    private RfcTimedTaskStarter(JmDNSImpl dns) {
        this.dns = dns;
        this.jmdnsDefault = new DNSTaskStarterImpl(dns);
        this.jmdnsDefault.cancelStateTimer();
        this.stateTimer = new DNSTaskStarterImpl.StarterTimer("JmDNS(" + dns.getName() + ").State.Timer", false);
    }

    /** Whether {@code name} is a JmDNS this module is creating (then it gets the RFC timing). */
    static boolean isOurs(String name) {
        return name != null && creating.contains(name);
    }

    /**
     * Runs {@code create} (which must create a JmDNS named {@code name}) with the RFC timing for that instance.
     * jmdns asks for the starter inside its constructor, so the name is registered for exactly that span.
     */
    static <T, E extends Exception> T creating(String name, CheckedSupplier<T, E> create) throws E {
        install();
        creating.add(name);
        try {
            return create.get();
        } finally {
            creating.remove(name);
        }
    }

    @FunctionalInterface
    interface CheckedSupplier<T, E extends Exception> {
        T get() throws E;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        Factory.ClassDelegate previous = Factory.classDelegate();
        Factory.setClassDelegate(jmdns -> isOurs(jmdns.getName()) ? new RfcTimedTaskStarter(jmdns)
                : previous != null ? previous.newDNSTaskStarter(jmdns) : null);
        installed = true;
    }

    // ------------------------------------------------------------------ state tasks (RFC timing)

    @Override
    public void startProber() {
        new RfcProber(dns).start(stateTimer);
    }

    @Override
    public void startAnnouncer() {
        new RfcAnnouncer(dns).start(stateTimer);
    }

    @Override
    public void startRenewer() {
        new Renewer(dns).start(stateTimer);
    }

    @Override
    public void startCanceler() {
        new Canceler(dns).start(stateTimer);
    }

    @Override
    public void purgeStateTimer() {
        stateTimer.purge();
    }

    @Override
    public void cancelStateTimer() {
        stateTimer.cancel();
    }

    // ------------------------------------------------------------------ everything else: jmdns' own

    @Override
    public void purgeTimer() {
        jmdnsDefault.purgeTimer();
    }

    @Override
    public void cancelTimer() {
        jmdnsDefault.cancelTimer();
    }

    @Override
    public void startReaper() {
        jmdnsDefault.startReaper();
    }

    @Override
    public void startServiceInfoResolver(ServiceInfoImpl info) {
        jmdnsDefault.startServiceInfoResolver(info);
    }

    @Override
    public void startTypeResolver() {
        jmdnsDefault.startTypeResolver();
    }

    @Override
    public void startServiceResolver(String type) {
        jmdnsDefault.startServiceResolver(type);
    }

    @Override
    public void startResponder(DNSIncoming in, InetAddress addr, int port) {
        jmdnsDefault.startResponder(in, addr, port);
    }

    /** jmdns' prober with the RFC 6762 §8.1 interval also for a host that was never announced. */
    static final class RfcProber extends Prober {
        RfcProber(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            JmDNSImpl d = getDns();
            long now = System.currentTimeMillis();
            // jmdns' conflict rate limit, unchanged: rounds started within 5 s of each other count up
            if (now - d.getLastThrottleIncrement() < DNSConstants.PROBE_THROTTLE_COUNT_INTERVAL) {
                d.setThrottle(d.getThrottle() + 1);
            } else {
                d.setThrottle(1);
            }
            d.setLastThrottleIncrement(now);
            if (d.isCanceling() || d.isCanceled()) {
                return;
            }
            if (d.getThrottle() < DNSConstants.PROBE_THROTTLE_COUNT) {
                timer.schedule(this, JmDNSImpl.getRandom().nextInt(1 + DNSConstants.PROBE_WAIT_INTERVAL),
                        DNSConstants.PROBE_WAIT_INTERVAL);
            } else {
                timer.schedule(this, DNSConstants.PROBE_CONFLICT_INTERVAL, DNSConstants.PROBE_CONFLICT_INTERVAL);
            }
        }
    }

    /**
     * jmdns' announcer, first announcement 250 ms after the last probe (the RFC's wait for a conflicting answer)
     * instead of a second; the announcements stay a second apart (§8.3).
     */
    static final class RfcAnnouncer extends Announcer {
        RfcAnnouncer(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            if (!getDns().isCanceling() && !getDns().isCanceled()) {
                timer.schedule(this, DNSConstants.PROBE_WAIT_INTERVAL, DNSConstants.ANNOUNCE_WAIT_INTERVAL);
            }
        }
    }
}
