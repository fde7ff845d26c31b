package org.mobileworship.livecontrol.transport.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

/** Two processes, one transport each, a real data channel between them; then kill -9 the child. */
class SeparateJvmTest {

    @Test
    void framesFlowBetweenTwoJvmsAndKillingTheChildClosesTheLink() throws Exception {
        PeerId childId = PeerId.random();
        // the ICE timeout runs from connect(), while the child JVM is still starting and loading the native
        // library: as generous as the connect wait below, or a busy machine fails the test for its start-up time
        TestNodes.Node parent = TestNodes.Node.controller(Map.of("livecontrol.webrtc.ice-timeout", "60s"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EchoChild.class.getName(), childId.toString(), parent.id.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        WebRtcTransport transport = null;
        try {
            PrintWriter toChild = new PrintWriter(new OutputStreamWriter(child.getOutputStream(),
                    StandardCharsets.UTF_8), true);
            parent.wire = (to, s) -> {
                synchronized (toChild) {
                    toChild.println(LineSignaling.encode(s));
                }
            };
            WebRtcTransport t = (WebRtcTransport) new WebRtcTransportProvider().create(parent);
            transport = t;
            t.start(link -> { });
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Signal s = LineSignaling.decode(line);
                        if (s != null) {
                            t.onSignal(childId, s);
                        }
                    }
                } catch (Exception ignored) {
                    // child gone
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();

            long t0 = System.nanoTime();
            // the child JVM needs time to start and load the native library: generous timeout
            Link link = t.connect(childId).toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.printf("two-JVM connect (incl. child JVM start-up): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            TestNodes.Recorder rec = TestNodes.Recorder.on(link);
            for (int i = 0; i < 100; i++) {
                link.send(new byte[] {(byte) i, 1, 2, 3});
            }
            for (int i = 0; i < 100; i++) {
                assertThat(rec.frames.poll(10, TimeUnit.SECONDS)).containsExactly((byte) i, 1, 2, 3);
            }

            // mid-stream: keep sending while the child dies
            Thread streamer = new Thread(() -> {
                for (int i = 0; i < 100_000 && !rec.closed.isDone(); i++) {
                    try {
                        link.send(new byte[120]);
                        Thread.onSpinWait();
                        if (i % 50 == 0) {
                            rec.closed.get(5, TimeUnit.MILLISECONDS);
                        }
                    } catch (Exception e) {
                        // timeout (still open) or refused after close: keep going / stop
                    }
                }
            }, "streamer");
            streamer.setDaemon(true);
            streamer.start();
            rec.frames.poll(5, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            child.destroyForcibly(); // SIGKILL on Linux
            String reason = rec.closed.get(40, TimeUnit.SECONDS);
            System.out.printf("kill -9 of the child -> parent link closed after %.0f ms: %s%n",
                    (System.nanoTime() - killedAt) / 1e6, reason);
            assertThat(link.isOpen()).isFalse();
            assertThat(reason).contains(childId.toString());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            if (transport != null) {
                transport.close();
            }
            parent.close();
        }
    }
}
