package org.mobileworship.livecontrol.election.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.election.Leadership;

/** {@link ServingControl} with a real worker thread: ordering of calls, and close() against a start in progress. */
class ServingControlTest {

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch startEntered = new CountDownLatch(1);
    private final CountDownLatch releaseStart = new CountDownLatch(1);
    private volatile boolean blockStart;

    private final Leadership leadership = new Leadership() {
        @Override
        public InetSocketAddress startServing(long term) {
            calls.add("start " + term);
            if (blockStart) {
                startEntered.countDown();
                try {
                    releaseStart.await(10, TimeUnit.SECONDS); // a slow Jetty start
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add("started " + term);
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 3010);
        }

        @Override
        public void stopServing(String reason) {
            calls.add("stop " + reason);
        }
    };

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void callsRunInOrderOffTheCallerAndReportTheirOutcome() {
        ServingControl c = new ServingControl(leadership, worker);
        CompletableFuture<String> thread = new CompletableFuture<>();
        c.start(1, (ep, failure) -> thread.complete(Thread.currentThread().getName()));
        c.stop("backing down");
        c.start(2, (ep, failure) -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 5);
        assertThat(calls).containsExactly("start 1", "started 1", "stop backing down", "start 2", "started 2");
        assertThat(thread.join()).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void closeWaitsForAStartInProgressThenStopsAndDropsWhatIsQueued() throws Exception {
        blockStart = true;
        ServingControl c = new ServingControl(leadership, worker);
        c.start(1, (ep, failure) -> { });
        c.start(2, (ep, failure) -> { }); // queued behind the slow start
        assertThat(startEntered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> c.close("leader closing"));
        // close() has begun (a start queued before that moment could still run) but cannot finish while the
        // start holds the call monitor
        await().atMost(Duration.ofSeconds(10)).until(c::isClosed);
        assertThat(closed).isNotDone();
        releaseStart.countDown();
        closed.get(10, TimeUnit.SECONDS);
        assertThat(calls).containsExactly("start 1", "started 1", "stop leader closing");

        worker.shutdown();
        assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).as("the queued start never ran").containsExactly("start 1", "started 1",
                "stop leader closing");
        c.close("again");
        assertThat(calls).hasSize(3);
    }
}
