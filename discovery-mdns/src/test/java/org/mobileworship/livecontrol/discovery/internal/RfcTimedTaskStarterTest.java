package org.mobileworship.livecontrol.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Prober;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.discovery.MdnsDiscoveryProvider;

/**
 * The RFC 6762 §8 probing/announcing schedule ({@link RfcTimedTaskStarter}) against jmdns' own, on a real JmDNS bound
 * to 127.0.0.1: which tasks get which delay and period (recorded, not run), and that only this module's instances get
 * the starter. Cold start went from ≈4.1 s to ≈1.9 s with it (benchmarks/README.md, "Cold start").
 */
class RfcTimedTaskStarterTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<JmDNS> created = new ArrayList<>();
    private MdnsDiscovery discovery;

    @AfterEach
    void close() throws Exception {
        if (discovery != null) {
            discovery.close();
        }
        for (JmDNS j : created) {
            j.close();
        }
    }

    /** A timer that records what would be scheduled and runs nothing. */
    static final class RecordingTimer extends Timer {
        long delay = -1;
        long period = -1;

        RecordingTimer() {
            super(true);
        }

        @Override
        public void schedule(TimerTask task, long delay, long period) {
            this.delay = delay;
            this.period = period;
        }
    }

    private JmDNSImpl foreignJmdns(String name) throws Exception {
        JmDNS j = JmDNS.create(LOOPBACK, name);
        created.add(j);
        return (JmDNSImpl) j;
    }

    @Test
    void aHostNotYetAnnouncedIsProbedEvery250msNotEverySecond() throws Exception {
        JmDNSImpl dns = foreignJmdns("rfc-timing-probe");
        assertThat(dns.isAnnounced()).as("a JmDNS created just now has not been announced").isFalse();

        RecordingTimer rfc = new RecordingTimer();
        new RfcTimedTaskStarter.RfcProber(dns).start(rfc);
        RecordingTimer jmdns = new RecordingTimer();
        new Prober(dns).start(jmdns);

        // control: jmdns' own prober waits a second before each probe of a host it never announced
        assertThat(jmdns.delay).isEqualTo(1000);
        assertThat(jmdns.period).isEqualTo(1000);
        // RFC 6762 §8.1: a random 0-250 ms first delay, then 250 ms between probes
        assertThat(rfc.delay).isBetween(0L, 250L);
        assertThat(rfc.period).isEqualTo(250);
    }

    @Test
    void theFirstAnnouncementFollowsTheLastProbeAfter250ms() throws Exception {
        JmDNSImpl dns = foreignJmdns("rfc-timing-announce");
        RecordingTimer rfc = new RecordingTimer();
        new RfcTimedTaskStarter.RfcAnnouncer(dns).start(rfc);
        RecordingTimer jmdns = new RecordingTimer();
        new Announcer(dns).start(jmdns);

        assertThat(jmdns.delay).as("control: jmdns' own announcer").isEqualTo(1000);
        assertThat(rfc.delay).isEqualTo(250);
        assertThat(rfc.period).as("RFC 6762 §8.3: announcements a second apart").isEqualTo(1000);
    }

    @Test
    void onlyThisModulesInstancesGetTheRfcSchedule() throws Exception {
        TestContext ctx = new TestContext(PeerId.random(), PeerType.controller(), "starter", System.currentTimeMillis())
                .with("livecontrol.discovery.interfaces", "127.0.0.1")
                .with("livecontrol.discovery.service-type", LoopbackSupport.uniqueServiceType());
        discovery = (MdnsDiscovery) new MdnsDiscoveryProvider().create(ctx);
        discovery.start(ctx.announcement(), new MdnsLoopbackTest.Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> discovery.jmdnsOn(LOOPBACK) != null);

        JmDNSImpl ours = (JmDNSImpl) discovery.jmdnsOn(LOOPBACK);
        assertThat(DNSTaskStarter.Factory.getInstance().getStarter(ours)).isInstanceOf(RfcTimedTaskStarter.class);

        JmDNSImpl foreign = foreignJmdns("an-application-of-its-own");
        assertThat(DNSTaskStarter.Factory.getInstance().getStarter(foreign))
                .isInstanceOf(DNSTaskStarter.DNSTaskStarterImpl.class);
    }

    @Test
    void ourServiceIsAnnouncedAndAnswersQueriesOnTheRfcSchedule() {
        LoopbackSupport.assumeLoopbackMulticast();
        TestContext ctx = new TestContext(PeerId.random(), PeerType.controller(), "announced",
                System.currentTimeMillis())
                .with("livecontrol.discovery.interfaces", "127.0.0.1")
                .with("livecontrol.discovery.service-type", LoopbackSupport.uniqueServiceType());
        discovery = (MdnsDiscovery) new MdnsDiscoveryProvider().create(ctx);
        discovery.start(ctx.announcement(), new MdnsLoopbackTest.Recorder());
        await().atMost(Duration.ofSeconds(10)).until(() -> discovery.jmdnsOn(LOOPBACK) != null);
        JmDNSImpl ours = (JmDNSImpl) discovery.jmdnsOn(LOOPBACK);
        // the whole walk (probing, both announcements) still completes with our tasks: jmdns then answers queries
        // (the host's state and each service's advance in separate steps of the announcer: wait for both, the
        // fresh CI run once saw the host announced while its service was still "announcing 2")
        await().atMost(Duration.ofSeconds(15)).until(() -> ours.isAnnounced() && !ours.getServices().isEmpty()
                && ours.getServices().values().stream().allMatch(MdnsDiscovery::serviceAnnounced));
        assertThat(ours.getServices().values()).isNotEmpty()
                .allSatisfy(s -> assertThat(MdnsDiscovery.serviceAnnounced(s)).isTrue());
    }
}
