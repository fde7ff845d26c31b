package org.mobileworship.livecontrol.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.TimeUnit;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.Test;

/**
 * When {@link MdnsDiscovery} counts a jmdns instance as dead and starts it again ({@code gaveUp}): states as
 * jmdns reports them, time passed in by the caller.
 */
class JmdnsWatchdogTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static final long T0 = 1_000 * S;

    /** A jmdns that reports "cancelling", seen by the watchdog for the first time at {@link #T0}. */
    private static JmDNSImpl cancellingSince(long[] since) {
        JmDNSImpl jmdns = mock(JmDNSImpl.class);
        when(jmdns.isCanceling()).thenReturn(true);
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0)).isNull();
        return jmdns;
    }

    @Test
    void aRecoveryStuckCancellingCountsAsDeadAfterSevenSecondsNotFifteen() {
        long[] since = new long[2];
        JmDNSImpl jmdns = cancellingSince(since);
        // a healthy cancel (goodbyes sent, about 3 s) and one failed 5 s wait of jmdns' recover() are not dead yet
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 6 * S)).isNull();
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 7 * S)).contains("has been cancelling for 7 s");
    }

    @Test
    void cancellingThatEndsStartsTheClockAgain() {
        long[] since = new long[2];
        JmDNSImpl jmdns = cancellingSince(since);
        when(jmdns.isCanceling()).thenReturn(false); // recovered: announcing again
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 5 * S)).isNull();
        when(jmdns.isCanceling()).thenReturn(true);
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 6 * S)).isNull();
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 12 * S)).isNull();
        assertThat(MdnsDiscovery.gaveUp(jmdns, since, T0 + 13 * S)).contains("has been cancelling");
    }

    @Test
    void anInstanceThatClosedItselfIsDeadAtOnceAndOneLeftCanceledAfterASecond() {
        JmDNSImpl closing = mock(JmDNSImpl.class);
        when(closing.isClosing()).thenReturn(true);
        assertThat(MdnsDiscovery.gaveUp(closing, new long[2], 0)).contains("closed itself");

        JmDNSImpl canceled = mock(JmDNSImpl.class);
        when(canceled.isCanceled()).thenReturn(true);
        long[] since = new long[2];
        assertThat(MdnsDiscovery.gaveUp(canceled, since, 10 * S)).isNull();
        assertThat(MdnsDiscovery.gaveUp(canceled, since, 11 * S)).contains("closed itself");
    }
}
