package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingServer;
import org.mobileworship.livecontrol.api.spi.signaling.StandbyServer;

class SignalingPortTest {
    private static final PeerId SELF = PeerId.of("self");
    private static final PeerId BETTER = PeerId.of("better");

    /**
     * Soak seed 20261202227: a leader backing down reported its new leader only after its old server had finished
     * closing (1.1 s with connections to peers behind a partition), because reporting waited for the port's lock
     * that the close held: two leaders for 2,045 ms after a heal. The report must not wait for the close.
     */
    @Test
    void reportsANewLeaderWhileTheOldServerIsStillClosing() throws Exception {
        RecordingStandby standby = new RecordingStandby();
        SlowClosingServer server = new SlowClosingServer();
        SignalingPort port = new SignalingPort("node", "127.0.0.1", 0);
        port.follow(standby);
        port.lead(() -> server, SELF, 1);
        assertThat(standby.starts).hasValue(1);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> port.stopLeading("backing down to better"));
        assertThat(server.closing.await(10, TimeUnit.SECONDS)).as("the server's close began").isTrue();

        LeaderStatus following = new LeaderStatus(BETTER, false, 2, new InetSocketAddress("127.0.0.1", 3010));
        CompletableFuture<Void> report = CompletableFuture.runAsync(() -> port.leaderChanged(following));
        // Fails (times out) when the report waits for the close: the close is only released below.
        report.get(10, TimeUnit.SECONDS);
        assertThat(standby.statuses).containsExactly(following);
        assertThat(stop).isNotDone();

        server.release.countDown();
        stop.get(10, TimeUnit.SECONDS);
        assertThat(standby.starts).as("the pages are served again once the server released the port").hasValue(2);
    }

    private static final class SlowClosingServer implements SignalingServer {
        final CountDownLatch closing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public InetSocketAddress start(InetSocketAddress bind, PeerId leaderId, long term) {
            return bind;
        }

        @Override
        public int registeredPeerCount() {
            return 0;
        }

        @Override
        public void close(String reason) {
            closing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class RecordingStandby implements StandbyServer {
        final AtomicInteger starts = new AtomicInteger();
        final List<LeaderStatus> statuses = new CopyOnWriteArrayList<>();

        @Override
        public InetSocketAddress start(InetSocketAddress bind) {
            starts.incrementAndGet();
            return bind;
        }

        @Override
        public void leaderChanged(LeaderStatus status) {
            statuses.add(status);
        }

        @Override
        public void close() {
        }
    }
}
