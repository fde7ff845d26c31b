package org.mobileworship.livecontrol.api;

import java.util.function.Consumer;

/**
 * A node's events. Listeners run one at a time on the node's event thread, in the order the node saw the
 * events; a slow listener delays later events but never the node's networking. A listener that throws is
 * logged and keeps its subscription.
 */
public interface EventStream {

    /** Starts delivering events to {@code listener}; close the returned subscription to stop. */
    Subscription subscribe(Consumer<? super LiveControlEvent> listener);

    /** A registered listener. Closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
