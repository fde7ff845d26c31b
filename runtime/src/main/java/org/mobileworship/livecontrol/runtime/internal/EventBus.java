package org.mobileworship.livecontrol.runtime.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mobileworship.livecontrol.api.EventStream;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a node's events to its listeners on one dedicated thread, in publication order, so a slow
 * application listener never stalls networking.
 */
final class EventBus implements EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final CopyOnWriteArrayList<Consumer<? super LiveControlEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread;

    /** @param nodeName names the thread ({@code livecontrol-events-<nodeName>}); the node passes its short id */
    EventBus(String nodeName) {
        this.thread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("livecontrol-events-" + nodeName));
    }

    @Override
    public Subscription subscribe(Consumer<? super LiveControlEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(LiveControlEvent event) {
        LOG.debug("event {}", event);
        if (listeners.isEmpty()) {
            return; // nobody to tell: no wake-up of the event thread (a later subscriber sees later events only)
        }
        try {
            thread.execute(() -> {
                for (Consumer<? super LiveControlEvent> l : listeners) {
                    try {
                        l.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("event listener {} failed on {}", l, event, e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.debug("event after close dropped: {}", event);
        }
    }

    /** Delivers what was already published, then stops. */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
