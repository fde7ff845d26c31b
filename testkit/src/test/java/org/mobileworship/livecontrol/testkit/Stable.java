package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Waits until a counter stops changing: how tests know stragglers (delayed, held frames) have arrived. */
final class Stable {
    private Stable() {
    }

    static void await(IntSupplier count) {
        AtomicInteger last = new AtomicInteger(-1);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(10)).during(Duration.ofMillis(150))
                .atMost(Duration.ofSeconds(10)).until(() -> {
                    int now = count.getAsInt();
                    return last.getAndSet(now) == now;
                });
    }
}
