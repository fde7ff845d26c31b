package org.mobileworship.livecontrol.transport.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;

/** Round trips of 2,000 sequential 120-byte messages: raw webrtc-java vs a livecontrol Link, printed side by side. */
class EchoLatencyTest {
    private static final int MESSAGES = 2000;
    private static final int SIZE = 120;

    @Test
    void rawBaselineAndLinkRoundTrips() throws Exception {
        RawEchoBaseline.run(200, SIZE); // warm-up
        long[] raw = RawEchoBaseline.run(MESSAGES, SIZE);
        long[] link = linkEcho(MESSAGES, SIZE);
        assertThat(raw).hasSize(MESSAGES).doesNotContain(-1L);
        assertThat(link).hasSize(MESSAGES).doesNotContain(-1L);
        System.out.printf("echo %d x %d B  raw webrtc-java: %s%n", MESSAGES, SIZE, RawEchoBaseline.percentiles(raw));
        System.out.printf("echo %d x %d B  livecontrol Link: %s%n", MESSAGES, SIZE, RawEchoBaseline.percentiles(link));
    }

    private static long[] linkEcho(int messages, int size) throws Exception {
        try (TransportPair pair = new TransportPair()) {
            Link[] links = pair.connect();
            Link c = links[0];
            Link d = links[1];
            d.setListener(new LinkListener() {
                @Override
                public void frame(byte[] frame) {
                    d.send(frame);
                }

                @Override
                public void closed(String reason) {
                }
            });
            LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
            c.setListener(new LinkListener() {
                @Override
                public void frame(byte[] frame) {
                    replies.offer(frame);
                }

                @Override
                public void closed(String reason) {
                }
            });
            byte[] msg = new byte[size];
            for (int i = 0; i < 200; i++) { // warm-up
                c.send(msg);
                replies.poll(10, TimeUnit.SECONDS);
            }
            long[] rtt = new long[messages];
            for (int i = 0; i < messages; i++) {
                long t = System.nanoTime();
                c.send(msg);
                if (replies.poll(10, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("no echo for message " + i);
                }
                rtt[i] = (System.nanoTime() - t) / 1000;
            }
            return rtt;
        }
    }
}
