package org.mobileworship.livecontrol.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallerThreadSendsTest {

    @Test
    void deferredSendsRunOnTheCallersThreadAfterTheTaskInOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        CallerThreadSends.run(() -> {
            assertThat(CallerThreadSends.defer(() -> order.add("first on " + (Thread.currentThread() == caller)))).isTrue();
            assertThat(CallerThreadSends.defer(() -> order.add("second"))).isTrue();
            order.add("task done");
        });
        assertThat(order).containsExactly("task done", "first on true", "second");
    }

    @Test
    void outsideAScopeNothingIsDeferred() throws Exception {
        boolean[] ran = new boolean[1];
        assertThat(CallerThreadSends.defer(() -> ran[0] = true)).isFalse();
        assertThat(ran[0]).isFalse();
        // nor on another thread while this one has a scope open
        CallerThreadSends.run(() -> {
            boolean deferredElsewhere = CompletableFuture.supplyAsync(() -> CallerThreadSends.defer(() -> { }))
                    .join();
            assertThat(deferredElsewhere).isFalse();
        });
        // and the scope is gone once run returned, also when its task threw
        try {
            CallerThreadSends.run(() -> {
                throw new IllegalStateException("task failed");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("task failed");
        }
        assertThat(CallerThreadSends.defer(() -> { })).isFalse();
    }

    @Test
    void aNestedRunLeavesTheSendsToTheOuterOne() {
        List<String> order = new CopyOnWriteArrayList<>();
        CallerThreadSends.run(() -> {
            CallerThreadSends.run(() -> CallerThreadSends.defer(() -> order.add("inner send")));
            order.add("inner run returned");
        });
        assertThat(order).containsExactly("inner run returned", "inner send");
    }

    @Test
    void aFailingDeferredSendDoesNotStopTheOthers() throws Exception {
        CompletableFuture<String> second = new CompletableFuture<>();
        CallerThreadSends.run(() -> {
            CallerThreadSends.defer(() -> {
                throw new IllegalStateException("native send failed");
            });
            CallerThreadSends.defer(() -> second.complete("sent"));
        });
        assertThat(second.get(1, TimeUnit.SECONDS)).isEqualTo("sent");
    }
}
