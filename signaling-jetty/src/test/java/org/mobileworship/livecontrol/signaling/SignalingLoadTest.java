package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingClient;
import org.mobileworship.livecontrol.signaling.support.Fixture;
import org.mobileworship.livecontrol.signaling.support.Fixture.Peer;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;

/** Measures (prints) capacity and throughput; asserts only correctness. */
class SignalingLoadTest {

    @Test
    void twoHundredRegisteredPeersAndForwardingThroughput() throws Exception {
        // a measurement, not a timing assertion: generous registration timeout and heartbeat budget for a busy
        // 2-core machine (with the default 2 s x 3, a client starved of CPU while 200 register was dropped for
        // "no heartbeat", which is liveness working, not what this test measures)
        try (Fixture fx = new Fixture(Map.of("livecontrol.signaling.max-peers", "256",
                "livecontrol.signaling.max-frames-per-second", "1000000",
                "livecontrol.signaling.connect-timeout", "30s",
                "livecontrol.heartbeat.interval", "20s")).start()) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            int n = 200;
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SignalingClient c = fx.client(new RecordingListener());
                joins.add(c.connect(fx.endpoint, new Registration(PeerId.of("load-" + i), PeerType.controller(),
                        "load " + i, "")).toCompletableFuture());
            }
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long registerMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(fx.server.registeredPeerCount()).isEqualTo(n);
            System.gc();
            long heapAfter = rt.totalMemory() - rt.freeMemory();
            System.out.printf("load: %d peers registered concurrently in %d ms; heap used %d MiB -> %d MiB"
                    + " (server + %d clients in one JVM); live threads %d%n", n, registerMs,
                    heapBefore >> 20, heapAfter >> 20, n, Thread.activeCount());

            System.out.println("load: threads by name: " + Thread.getAllStackTraces().keySet().stream()
                    .collect(java.util.stream.Collectors.groupingBy(t -> t.getName().replaceAll("[-@]?[0-9a-f]{4,}.*|[0-9]+$", ""),
                            java.util.stream.Collectors.counting())));
            Peer a = fx.controller("sender");
            Peer b = fx.display("receiver");
            int count = 20_000;
            long t1 = System.nanoTime();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < count; i++) {
                last = a.client().send(b.id(), new Signal.IceCandidate("candidate:" + i, "0", 0)).toCompletableFuture();
            }
            last.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> b.listener().signals.size() == count);
            double secs = (System.nanoTime() - t1) / 1e9;
            System.out.printf("load: %d signals forwarded sender->server->receiver in %.2f s = %.0f msg/s%n",
                    count, secs, count / secs);
            // order preserved end to end
            assertThat(((Signal.IceCandidate) b.listener().signals.get(count - 1).signal()).candidate())
                    .isEqualTo("candidate:" + (count - 1));
            assertThat(((Signal.IceCandidate) b.listener().signals.get(0).signal()).candidate())
                    .isEqualTo("candidate:0");
        }
    }
}
