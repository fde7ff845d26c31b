package org.mobileworship.livecontrol.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;

/** Records a link's frames and close callbacks for assertions. Thread-safe. */
public final class RecordingLinkListener implements LinkListener {
    private final List<byte[]> frames = new ArrayList<>();
    private final List<String> closeReasons = new ArrayList<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private volatile boolean overlapSeen;

    @Override
    public void frame(byte[] frame) {
        if (concurrent.incrementAndGet() > 1) {
            overlapSeen = true;
        }
        synchronized (this) {
            frames.add(frame);
        }
        concurrent.decrementAndGet();
    }

    @Override
    public synchronized void closed(String reason) {
        closeReasons.add(reason);
    }

    public synchronized List<byte[]> frames() {
        return new ArrayList<>(frames);
    }

    public synchronized int frameCount() {
        return frames.size();
    }

    public synchronized int closedCount() {
        return closeReasons.size();
    }

    public synchronized List<String> closeReasons() {
        return new ArrayList<>(closeReasons);
    }

    /** Whether two {@code frame} calls ever overlapped (the contract says one at a time). */
    public boolean overlapSeen() {
        return overlapSeen;
    }
}
