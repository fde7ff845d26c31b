package org.mobileworship.livecontrol.discovery.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jmdns-backed {@link Discovery}: one JmDNS per chosen IPv4 address, created explicitly on that address.
 *
 * <p>jmdns behaviour handled here (measured, see docs/architecture.md §8): a new service was probed for 4–5 s before
 * anyone saw it — {@link RfcTimedTaskStarter} now probes and announces on the RFC 6762 schedule (visible after
 * ≈0.75–1 s); {@code setText} during probing made it invisible (jmdns #252) — so the latest
 * announcement is queued and applied with {@code setText} only once the service is announced; the first
 * resolution may carry an empty TXT — ignored, resolution re-requested; records of crashed peers never
 * expire — {@link DiscoveredPeer#lastSeen()} is kept but presence is never liveness (the election probes);
 * {@code close()} blocks ≈2 s and leaves a non-daemon timer thread until done — it runs on a daemon thread
 * with a bounded wait.
 *
 * <p>Threads: {@code control} (JmDNS lifecycle, setText, interface polling) and {@code events} (peer table and
 * listener calls, so they are serialized).
 *
 * <p>Why one class of this size: each workaround above spans the JmDNS lifecycle, the announcement queue and the
 * peer table at once (a resolution in flight must not resurrect a peer whose goodbye arrived; a TXT update waits
 * for jmdns' announce state), and they share the two threads' confinement rules; split apart, each part would
 * need the others' state and the ordering guarantees would live in no single place. {@link TxtCodec} (the
 * wire form) is already separate.
 */
public final class MdnsDiscovery implements Discovery {
    private static final Logger log = LoggerFactory.getLogger(MdnsDiscovery.class);
    private static final int MAX_RESOLVE_RETRIES = 5;

    private final ProviderContext ctx;
    private final MdnsSettings settings;
    private final Supplier<Set<InetAddress>> addressSource;
    private final ScheduledExecutorService control;
    private final ScheduledExecutorService events;
    private final Map<InetAddress, Instance> instances = new ConcurrentHashMap<>();
    private final Map<PeerId, PeerRecord> peers = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Announcement current;
    private volatile DiscoveryListener listener;
    private volatile boolean closed;
    private ScheduledFuture<?> pollTask;

    public MdnsDiscovery(ProviderContext ctx, MdnsSettings settings, Supplier<Set<InetAddress>> addressSource) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.addressSource = Objects.requireNonNull(addressSource, "addressSource");
        this.control = Executors.newSingleThreadScheduledExecutor(
                DaemonThreadFactory.forNode(ctx.localId(), "livecontrol-mdns"));
        // one thread at a time, in order; it leaves after 2 s without work, so between two browse refreshes
        // (REFRESH_INTERVAL) an idle display does not keep it
        ScheduledThreadPoolExecutor eventThread = new ScheduledThreadPoolExecutor(1,
                DaemonThreadFactory.forNode(ctx.localId(), "livecontrol-mdns-events"));
        eventThread.setKeepAliveTime(2, TimeUnit.SECONDS);
        eventThread.allowCoreThreadTimeOut(true);
        this.events = eventThread;
        this.refreshThreads = DaemonThreadFactory.forNode(ctx.localId(), "livecontrol-mdns-refresh");
        this.closeThreads = DaemonThreadFactory.forNode(ctx.localId(), "livecontrol-mdns-close");
    }

    /** One short-lived thread per instance and refresh: JmDNS.list() blocks for its timeout. */
    private final ThreadFactory refreshThreads;
    /** JmDNS.close() blocks for its goodbye announcements; closing does not wait on the caller's thread. */
    private final ThreadFactory closeThreads;

    // ------------------------------------------------------------------ Discovery

    @Override
    public void start(Announcement self, DiscoveryListener listener) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("discovery already started");
            }
            if (closed) {
                throw new IllegalStateException("discovery closed");
            }
            this.current = self;
            this.listener = listener;
        }
        control.execute(() -> reconcile(false));
        long poll = settings.interfacePoll().toMillis();
        pollTask = control.scheduleWithFixedDelay(() -> reconcile(true), poll, poll, TimeUnit.MILLISECONDS);
        long refresh = REFRESH_INTERVAL.toMillis();
        refreshTask = control.scheduleWithFixedDelay(this::refreshBrowse, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    /**
     * How often every instance asks the network again for the service type. jmdns queries when a listener is
     * added and then relies on announcements; a peer whose answers were lost (its link was cut at that moment)
     * would otherwise stay invisible until it re-announces — which jmdns never does by itself. Found by the LAN
     * testbed's chaos run: a restarted display never saw the controller, and both led.
     */
    static final java.time.Duration REFRESH_INTERVAL = java.time.Duration.ofSeconds(5);

    private ScheduledFuture<?> refreshTask;

    private void refreshBrowse() {
        if (closed) {
            return;
        }
        for (Instance inst : List.copyOf(instances.values())) {
            refreshThreads.newThread(() -> {
                try {
                    // list() sends a query and collects answers for the timeout; answers also reach the
                    // instance's listener, resolved ones are handed over here too
                    for (ServiceInfo info : inst.jmdns.list(settings.serviceType(), 500)) {
                        if (info.getPropertyNames().hasMoreElements()) {
                            submit(events, () -> onResolved(inst, info));
                        }
                    }
                } catch (RuntimeException e) {
                    log.debug("mdns: browse refresh on {} failed: {}", inst.address.getHostAddress(), e.toString());
                }
            }).start();
        }
    }

    @Override
    public void announce(Announcement self) {
        Objects.requireNonNull(self, "self");
        if (current != null && !current.peerId().equals(self.peerId())) {
            throw new IllegalArgumentException("announce() cannot change the peer id (" + current.peerId()
                    + " -> " + self.peerId() + ")");
        }
        current = self;
        submit(control, () -> instances.values().forEach(this::applyLatest));
    }

    @Override
    public List<DiscoveredPeer> peers() {
        List<DiscoveredPeer> out = new ArrayList<>();
        for (PeerRecord r : peers.values()) {
            out.add(r.toPeer());
        }
        return out;
    }

    /** The IPv4 addresses this discovery currently runs JmDNS on (diagnostics and tests). */
    public Set<InetAddress> boundAddresses() {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (Instance i : instances.values()) {
            out.add(i.address);
        }
        return out;
    }

    /** The JmDNS running on {@code address} now, or null (tests: to make jmdns give up as a failed send does). */
    JmDNS jmdnsOn(InetAddress address) {
        Instance i = instances.get(address);
        return i == null ? null : i.jmdns;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        if (pollTask != null) {
            pollTask.cancel(false);
        }
        CountDownLatch done = new CountDownLatch(1);
        submit(control, () -> {
            List<Instance> all = new ArrayList<>(instances.values());
            instances.clear();
            closeInBackground(all, done);
        });
        try {
            if (!done.await(settings.closeWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("mdns: close continues in the background");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control.shutdown();
        events.shutdown();
    }

    // ------------------------------------------------------------------ instances (control thread)

    private void reconcile(boolean notify) {
        if (closed) {
            return;
        }
        Set<InetAddress> want;
        try {
            want = addressSource.get();
        } catch (RuntimeException e) {
            log.warn("mdns: reading interfaces failed: {}", e.toString());
            return;
        }
        boolean changed = false;
        List<Instance> gone = new ArrayList<>();
        List<Instance> dead = new ArrayList<>();
        for (Instance i : List.copyOf(instances.values())) {
            String why = gaveUp(i.jmdns, i.cancellingSince, System.nanoTime());
            if (why != null && want.contains(i.address) && instances.remove(i.address, i)) {
                log.warn("mdns: jmdns on {} {}; starting it again (this node was invisible and blind in mDNS)",
                        i.address.getHostAddress(), why);
                dead.add(i);
            }
        }
        // its peers stay known (records are never liveness anyway): the new instance resolves them again; a
        // replacement on the same address is no network change (no listener call: transports would restart ICE)
        closeInBackground(dead, new CountDownLatch(1));
        Set<InetAddress> replaced = new java.util.HashSet<>();
        dead.forEach(i -> replaced.add(i.address));
        for (InetAddress a : List.copyOf(instances.keySet())) {
            if (!want.contains(a)) {
                Instance i = instances.remove(a);
                log.info("mdns: address {} vanished; closing its JmDNS", a.getHostAddress());
                gone.add(i);
                changed = true;
            }
        }
        if (!gone.isEmpty()) {
            closeInBackground(gone, new CountDownLatch(1));
            for (Instance i : gone) {
                submit(events, () -> forgetInstance(i));
            }
        }
        for (InetAddress a : want) {
            if (!instances.containsKey(a)) {
                try {
                    instances.put(a, open(a));
                    changed |= !replaced.contains(a);
                } catch (IOException | RuntimeException e) {
                    if (warned.add("open " + a)) {
                        log.warn("mdns: cannot start mDNS on {}: {}; will retry", a.getHostAddress(), e.toString());
                    }
                }
            }
        }
        if (want.isEmpty() && warned.add("no-interfaces")) {
            log.warn("mdns: no usable IPv4 interface (livecontrol.discovery.interfaces={}); not discoverable",
                    settings.interfaces().isEmpty() ? "<all>" : String.join(",", settings.interfaces()));
        } else if (!want.isEmpty()) {
            warned.remove("no-interfaces");
        }
        if (changed && notify) {
            submit(events, () -> {
                DiscoveryListener l = listener;
                if (l != null && !closed) {
                    l.networkChanged();
                }
            });
        }
    }

    /**
     * How long jmdns may stay cancelling (its own {@code recover()} passes through it) before it counts as dead. A
     * healthy cancel sends its goodbyes and is done within about 3 s; a recovery whose sends fail waits 5 s for
     * "canceled" and fails. Was 15 s: chaos soak seed 20261202043 (a controller's power loss, then a partition
     * that healed 10 s after its link came back) had the controller invisible in mDNS for those 15 s, and the
     * display that led the other half found it only when jmdns was started again, 4.2 s after the heal.
     */
    static final long STUCK_CANCELLING_NANOS = TimeUnit.SECONDS.toNanos(7);
    /** jmdns' {@code close()} ends in CANCELED; {@code recover()} passes through it within milliseconds. */
    static final long CANCELED_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Whether jmdns shut this instance down by itself, and how; null while it works. {@code since} holds the
     * nanoTime since which it reports cancelling or canceled ([0]) and canceled ([1]), 0 while it does not.
     *
     * <p>Why: jmdns closes its whole instance when one answer cannot be sent ({@code Responder.run} catches any
     * exception from {@code send} and calls {@code close()}; its state tasks call {@code recover()}, which can get
     * stuck cancelling). A send fails with "Operation not permitted" or "Network is unreachable" while the WiFi is
     * down or a firewall drops the traffic, so a laptop whose link dropped for a moment lost mDNS for good: it
     * announced nothing, answered no query and saw no newcomer, while signaling and ICE worked again. Found by the
     * chaos soak (seed 20261201202: the controller, which led, never saw a display that had led in the other half of
     * a partition, and the room stayed split).
     */
    static String gaveUp(JmDNS jmdns, long[] since, long now) {
        if (!(jmdns instanceof JmDNSImpl impl)) {
            return null;
        }
        if (impl.isClosing() || impl.isClosed()) {
            return "closed itself (after a failed send)";
        }
        boolean canceled = impl.isCanceled();
        if (!canceled && !impl.isCanceling()) {
            since[0] = 0;
            since[1] = 0;
            return null;
        }
        since[0] = since[0] == 0 ? now : since[0];
        since[1] = !canceled ? 0 : since[1] == 0 ? now : since[1];
        if (since[1] != 0 && now - since[1] >= CANCELED_NANOS) {
            return "closed itself (after a failed send)";
        }
        if (now - since[0] >= STUCK_CANCELLING_NANOS) {
            return "has been cancelling for " + TimeUnit.NANOSECONDS.toSeconds(now - since[0])
                    + " s (its recovery after a failed send is stuck)";
        }
        return null;
    }

    private Instance open(InetAddress address) throws IOException {
        Announcement a = current;
        String host = "lc-" + TxtCodec.instanceName(a.peerId()).replaceAll("[^A-Za-z0-9-]", "");
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        String jmdnsName = host;
        JmDNS jmdns = RfcTimedTaskStarter.creating(jmdnsName, () -> JmDNS.create(address, jmdnsName));
        Instance inst = new Instance(address, jmdns);
        jmdns.addServiceListener(settings.serviceType(), inst);
        ServiceInfo info = ServiceInfo.create(settings.serviceType(), TxtCodec.instanceName(a.peerId()),
                a.signalingPort(), 0, 0, txtOf(a));
        inst.info = info;
        inst.applied = a;
        inst.registeredAt = System.nanoTime();
        jmdns.registerService(info);
        inst.watch = control.scheduleWithFixedDelay(() -> checkAnnounced(inst), 100, 100, TimeUnit.MILLISECONDS);
        log.info("mdns: announcing {} as '{}' on {} (type {})", a.peerId(), info.getName(),
                address.getHostAddress(), settings.serviceType());
        return inst;
    }

    private void checkAnnounced(Instance inst) {
        if (inst.announced || instances.get(inst.address) != inst) {
            inst.watch.cancel(false);
            return;
        }
        boolean done = serviceAnnounced(inst);
        if (done) {
            inst.announced = true;
            inst.watch.cancel(false);
            log.debug("mdns: announced on {} after {} ms", inst.address.getHostAddress(),
                    (System.nanoTime() - inst.registeredAt) / 1_000_000);
            applyLatest(inst);
        }
    }

    /**
     * setText only while jmdns holds the service as announced; until then the latest announcement is just remembered
     * and applied once it is (control thread).
     *
     * <p>Why: jmdns' {@code setText} puts an announced service back into ANNOUNCING_1 and starts an Announcer that
     * walks it to ANNOUNCED again (≈2 s), but it also clears the service's task association. A second {@code setText}
     * inside that window (or during the first probing: jmdns #252) therefore detaches the service from the Announcer
     * that is walking it: it stays ANNOUNCING for good, and jmdns answers queries only for announced services. Peers
     * that cached the record earlier keep it, but a node that starts (or restarts) later never resolves the service —
     * it sees no leader and elects itself (split brain). A leader changes its TXT twice within a second when it wins
     * (term, then leader id), so this happened to exactly the node everybody needs to find. Found with several
     * processes on one host (cli SeveralProcessesOneHostTest: a leader killed and restarted with its id) and in the LAN
     * chaos soak.
     */
    private void applyLatest(Instance inst) {
        Announcement a = current;
        if (!inst.announced || a == null || a.equals(inst.applied) || instances.get(inst.address) != inst) {
            return;
        }
        if (!serviceAnnounced(inst)) {
            if (!inst.applyPending) {
                inst.applyPending = true;
                try {
                    control.schedule(() -> {
                        inst.applyPending = false;
                        applyLatest(inst);
                    }, ANNOUNCED_POLL_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    inst.applyPending = false;
                }
            }
            return;
        }
        try {
            inst.info.setText(txtOf(a));
            inst.applied = a;
        } catch (RuntimeException e) {
            log.warn("mdns: re-announce on {} failed: {}", inst.address.getHostAddress(), e.toString());
        }
    }

    /** How often a TXT update waiting for jmdns to finish re-announcing the previous one checks again. */
    static final long ANNOUNCED_POLL_MS = 100;

    /** Whether jmdns holds our service as announced now (it answers queries for it only then). */
    static boolean serviceAnnounced(ServiceInfo info) {
        return !(info instanceof ServiceInfoImpl impl) || impl.isAnnounced();
    }

    private static boolean serviceAnnounced(Instance inst) {
        return serviceAnnounced(inst.info);
    }

    private void closeInBackground(List<Instance> all, CountDownLatch done) {
        if (all.isEmpty()) {
            done.countDown();
            return;
        }
        closeThreads.newThread(() -> {
            long t0 = System.nanoTime();
            for (Instance i : all) {
                try {
                    i.jmdns.unregisterAllServices();
                    i.jmdns.close();
                } catch (IOException | RuntimeException e) {
                    log.debug("mdns: closing JmDNS on {}: {}", i.address, e.toString());
                }
            }
            log.debug("mdns: closed {} JmDNS instance(s) in {} ms", all.size(), (System.nanoTime() - t0) / 1_000_000);
            done.countDown();
        }).start();
    }

    // ------------------------------------------------------------------ peers (events thread)

    /** TXT key carrying {@code livecontrol.session}; absent for the default (empty) session. */
    static final String SESSION_KEY = "session";

    private Map<String, String> txtOf(Announcement a) {
        Map<String, String> txt = TxtCodec.encode(a);
        if (!settings.session().isEmpty()) {
            txt.put(SESSION_KEY, settings.session());
        }
        return txt;
    }

    private void onResolved(Instance inst, ServiceInfo info) {
        if (closed || instances.get(inst.address) != inst) {
            return;
        }
        String service = info.getName();
        if (inst.removed.contains(service)) {
            log.debug("mdns: ignoring a late resolution of '{}', which has left", service);
            return;
        }
        Map<String, String> txt = TxtCodec.properties(info);
        TxtCodec.Decoded d = TxtCodec.decode(txt);
        String theirSession = txt.getOrDefault(SESSION_KEY, "");
        if (!(d instanceof TxtCodec.Incomplete) && !theirSession.equals(settings.session())) {
            if (warned.add("session " + service)) {
                log.debug("mdns: ignoring '{}' of session '{}' (ours: '{}')", service, theirSession, settings.session());
            }
            return;
        }
        if (d instanceof TxtCodec.Incomplete inc) {
            int n = inst.retries.merge(service, 1, Integer::sum);
            if (n <= MAX_RESOLVE_RETRIES) {
                log.debug("mdns: {} resolved with {}; asking again", service, inc.reason());
                control.schedule(() -> requestInfo(inst, service), 300L * n, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (d instanceof TxtCodec.Invalid bad) {
            if (warned.add("txt " + service + " " + bad.reason())) {
                log.warn("mdns: ignoring peer '{}' on {}: {}", service, inst.address.getHostAddress(), bad.reason());
            }
            return;
        }
        inst.retries.remove(service);
        Announcement a = ((TxtCodec.Ok) d).announcement();
        Announcement self = current;
        if (self != null && a.peerId().equals(self.peerId())) {
            return; // our own record, or someone impersonating our id: never a peer
        }
        List<InetAddress> addrs = new ArrayList<>();
        for (Inet4Address ip : info.getInet4Addresses()) {
            addrs.add(ip);
        }
        PeerId previous = inst.names.put(service, a.peerId());
        if (previous != null && !previous.equals(a.peerId())) {
            dropFromInstance(inst, previous);
        }
        PeerRecord r = peers.computeIfAbsent(a.peerId(), id -> new PeerRecord());
        boolean changed = r.update(inst.address, a, addrs, ctx.clock().instant());
        if (changed) {
            DiscoveryListener l = listener;
            if (l != null) {
                l.peerSeen(r.toPeer());
            }
        }
    }

    private void onRemoved(Instance inst, String service) {
        if (instances.get(inst.address) != inst) {
            return; // a replaced instance: its successor on the same address owns the records now
        }
        inst.removed.add(service);
        PeerId id = inst.names.remove(service);
        if (id != null) {
            dropFromInstance(inst, id);
        }
    }

    private void dropFromInstance(Instance inst, PeerId id) {
        PeerRecord r = peers.get(id);
        if (r == null) {
            return;
        }
        if (r.removeInstance(inst.address)) {
            peers.remove(id);
            DiscoveryListener l = listener;
            if (l != null && !closed) {
                l.peerGone(id);
            }
        }
    }

    private void forgetInstance(Instance inst) {
        for (PeerId id : List.copyOf(inst.names.values())) {
            dropFromInstance(inst, id);
        }
        inst.names.clear();
    }

    /**
     * Asks jmdns to resolve {@code service}; the answer arrives as {@code serviceResolved}. The timeout only bounds
     * how long jmdns blocks this (control) thread waiting for it: its default is 6 s, during which a second
     * newcomer's resolution, TXT updates (a new leader's) and interface polling would wait behind the first.
     */
    private void requestInfo(Instance inst, String service) {
        if (!closed && instances.get(inst.address) == inst) {
            inst.jmdns.requestServiceInfo(settings.serviceType(), service, REQUEST_INFO_BLOCK_MS);
        }
    }

    /** jmdns waits for resolution data in steps of 200 ms, at least one: this is the shortest bound it offers. */
    static final long REQUEST_INFO_BLOCK_MS = 200;

    private static void submit(ScheduledExecutorService ex, Runnable r) {
        try {
            ex.execute(r);
        } catch (RejectedExecutionException e) {
            log.trace("mdns: task dropped after close");
        }
    }

    /** One JmDNS bound to one address. */
    private final class Instance implements ServiceListener {
        final InetAddress address;
        final JmDNS jmdns;
        final Map<String, PeerId> names = new HashMap<>(); // events thread
        final Map<String, Integer> retries = new HashMap<>(); // events thread
        /**
         * Services whose goodbye (or expiry) was seen and that jmdns has not added again (events thread): a
         * resolution still in flight when the removal arrived must not bring a departed peer back.
         */
        final java.util.Set<String> removed = new java.util.HashSet<>();
        ServiceInfo info;
        volatile Announcement applied;
        volatile boolean announced;
        /** A TXT update waits for jmdns to finish re-announcing the previous one (control thread). */
        boolean applyPending;
        long registeredAt;
        ScheduledFuture<?> watch;
        /** nanoTimes since which jmdns reports cancelling or canceled, and canceled (control thread): {@link #gaveUp}. */
        final long[] cancellingSince = new long[2];

        Instance(InetAddress address, JmDNS jmdns) {
            this.address = address;
            this.jmdns = jmdns;
        }

        @Override
        public void serviceAdded(ServiceEvent e) {
            String name = e.getName();
            submit(events, () -> removed.remove(name));
            submit(control, () -> requestInfo(this, name));
        }

        @Override
        public void serviceRemoved(ServiceEvent e) {
            String name = e.getName();
            submit(events, () -> onRemoved(this, name));
        }

        @Override
        public void serviceResolved(ServiceEvent e) {
            ServiceInfo i = e.getInfo();
            if (i != null) {
                submit(events, () -> onResolved(this, i));
            }
        }
    }

    /** What we know of one peer across instances. */
    private static final class PeerRecord {
        final Map<InetAddress, List<InetAddress>> byInstance = new LinkedHashMap<>();
        Announcement announcement;
        Instant lastSeen;

        synchronized boolean update(InetAddress via, Announcement a, List<InetAddress> addrs, Instant now) {
            List<InetAddress> before = byInstance.put(via, List.copyOf(addrs));
            boolean changed = !a.equals(announcement) || !Objects.equals(before, addrs);
            announcement = a;
            lastSeen = now;
            return changed;
        }

        /** @return whether no instance sees the peer any more */
        synchronized boolean removeInstance(InetAddress via) {
            byInstance.remove(via);
            return byInstance.isEmpty();
        }

        synchronized DiscoveredPeer toPeer() {
            Set<InetAddress> all = new LinkedHashSet<>();
            byInstance.values().forEach(all::addAll);
            return new DiscoveredPeer(announcement, new ArrayList<>(all), lastSeen);
        }
    }

    @Override
    public String toString() {
        return "MdnsDiscovery" + Collections.unmodifiableSet(instances.keySet());
    }
}
