package org.mobileworship.livecontrol.signaling.internal;

/**
 * Per-connection rate limiter: {@code ratePerSecond} tokens per second, bursts up to one second's worth.
 * Not thread-safe; Jetty delivers one connection's frames one at a time.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = ratePerSecond;
        this.tokens = ratePerSecond;
        this.last = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - last);
        last = nowNanos;
        tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
