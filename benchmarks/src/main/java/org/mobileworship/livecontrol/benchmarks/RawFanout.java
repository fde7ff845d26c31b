package org.mobileworship.livecontrol.benchmarks;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out figure's floor: raw webrtc-java, no livecontrol code. One sending end on one factory (as the
 * controller) with an ordered reliable data channel to each of {@code displays} remote ends, each on a factory of
 * its own (own libwebrtc signaling, worker and network threads, as that many display devices — and that many
 * display nodes in one JVM — have), echoing every message from its callback thread. One broadcast = the payload
 * sent on every channel from the caller's thread, timed until every echo is back. What that costs on this
 * machine is what any Java code on top of libwebrtc pays before doing anything of its own.
 */
final class RawFanout implements AutoCloseable {
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final List<RawEcho> pairs = new ArrayList<>();

    RawFanout(int displays) throws Exception {
        try {
            for (int i = 0; i < displays; i++) {
                pairs.add(new RawEcho(factory, true));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** {@code count} sequential broadcasts of {@code payload}, each until every remote end echoed; ms each. */
    double[] broadcasts(int count, byte[] payload) throws Exception {
        Semaphore echoes = new Semaphore(0);
        pairs.forEach(p -> p.countEchoesIn(echoes));
        try {
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                long t = System.nanoTime();
                for (RawEcho p : pairs) {
                    p.sendOnce(payload);
                }
                if (!echoes.tryAcquire(pairs.size(), 10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("raw fan-out: not every echo came back within 10 s (broadcast "
                            + i + ")");
                }
                out[i] = (System.nanoTime() - t) / 1e6;
            }
            return out;
        } finally {
            pairs.forEach(p -> p.countEchoesIn(null));
        }
    }

    @Override
    public void close() {
        try {
            for (RawEcho p : pairs) {
                p.close();
            }
        } finally {
            factory.dispose();
            audio.dispose();
        }
    }
}
