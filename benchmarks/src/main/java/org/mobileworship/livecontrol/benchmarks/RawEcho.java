package org.mobileworship.livecontrol.benchmarks;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The baseline: raw webrtc-java, no livecontrol code. Two peer connections in this JVM, one ordered reliable
 * data channel, the remote side echoing every message from its callback thread (as a raw user would);
 * {@link #run} times sequential echoes of a given payload. Kept open across repetitions so baseline and
 * livecontrol samples interleave in the same run.
 *
 * <p>By default both peer connections share one factory, i.e. one libwebrtc signaling thread and one network
 * thread serve both ends (the baseline). {@link #RawEcho(boolean) With a factory per peer} each end has
 * its own threads, as two devices — and two livecontrol nodes in one JVM — have: every message then wakes the
 * other end's network and signaling threads too.
 */
public final class RawEcho implements AutoCloseable {
    /**
     * Hands ICE candidates to the other end off libwebrtc's callback thread. Called inline, the callback of one
     * factory's signaling thread blocks in the other factory's proxy while that factory's signaling thread may be
     * blocked the same way the other direction: the raw fan-out (16 echoes sharing the sender's factory) once
     * hung there for good in setRemoteDescription (2026-12-02). One daemon thread for every echo, in order.
     */
    private static final java.util.concurrent.ExecutorService CANDIDATES =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "raw-echo-candidates");
                t.setDaemon(true);
                return t;
            });
    /** The local end's audio module, or null when its factory is shared (and owned by someone else). */
    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    /** The remote end's own factory, or null when both share {@link #factory}. */
    private final HeadlessAudioDeviceModule remoteAudio;
    private final PeerConnectionFactory remoteFactory;
    private final RTCPeerConnection[] pcs = new RTCPeerConnection[2];
    private final RTCDataChannel local;
    private RTCDataChannel remote;
    private final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    /** Set while {@link #pipelined} runs: each echo returns a permit instead of queueing the reply. */
    private volatile java.util.concurrent.Semaphore inFlight;

    public RawEcho() throws Exception {
        this(false);
    }

    /** @param factoryPerPeer each end on its own factory (own libwebrtc threads), as on two devices */
    public RawEcho(boolean factoryPerPeer) throws Exception {
        this(null, factoryPerPeer);
    }

    /**
     * @param sharedLocal the local end's factory, shared with other echoes and disposed by its owner (the raw
     *                    fan-out's one sender), or null for a factory of this echo's own
     */
    RawEcho(PeerConnectionFactory sharedLocal, boolean factoryPerPeer) throws Exception {
        audio = sharedLocal == null ? new HeadlessAudioDeviceModule() : null;
        factory = sharedLocal == null ? new PeerConnectionFactory(audio) : sharedLocal;
        remoteAudio = factoryPerPeer ? new HeadlessAudioDeviceModule() : null;
        remoteFactory = factoryPerPeer ? new PeerConnectionFactory(remoteAudio) : null;
        CompletableFuture<RTCDataChannel> remoteChannel = new CompletableFuture<>();
        pcs[0] = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                CANDIDATES.execute(() -> pcs[1].addIceCandidate(c));
            }
        });
        pcs[1] = (remoteFactory != null ? remoteFactory : factory).createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                CANDIDATES.execute(() -> pcs[0].addIceCandidate(c));
            }

            @Override
            public void onDataChannel(RTCDataChannel dc) {
                remoteChannel.complete(dc);
            }
        });
        local = pcs[0].createDataChannel("echo", new RTCDataChannelInit());
        CompletableFuture<Void> open = new CompletableFuture<>();
        local.registerObserver(observer(local, open, buf -> {
            java.util.concurrent.Semaphore w = inFlight;
            if (w != null) {
                w.release();
            } else {
                replies.offer(copy(buf));
            }
        }, null));
        RTCSessionDescription offer = create(o -> pcs[0].createOffer(new RTCOfferOptions(), o));
        set(o -> pcs[0].setLocalDescription(offer, o));
        set(o -> pcs[1].setRemoteDescription(offer, o));
        RTCSessionDescription answer = create(o -> pcs[1].createAnswer(new RTCAnswerOptions(), o));
        set(o -> pcs[1].setLocalDescription(answer, o));
        set(o -> pcs[0].setRemoteDescription(answer, o));
        remote = remoteChannel.get(10, TimeUnit.SECONDS);
        remote.registerObserver(observer(remote, null, null, remote));
        open.get(10, TimeUnit.SECONDS);
    }

    /** {@code count} sequential echoes of {@code payload}; round trips in milliseconds. */
    public double[] run(int count, byte[] payload) throws Exception {
        double[] rtt = new double[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            local.send(new RTCDataChannelBuffer(ByteBuffer.wrap(payload), true));
            if (replies.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no echo for message " + i);
            }
            rtt[i] = (System.nanoTime() - t) / 1e6;
        }
        return rtt;
    }

    /**
     * Pipelined echoes with at most {@code window} unanswered (the same window as livecontrol's throughput
     * figure); messages echoed per second.
     */
    public double pipelined(int count, int window, byte[] payload) throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(window);
        inFlight = permits;
        try {
            long t = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no echo for 10 s at message " + i);
                }
                local.send(new RTCDataChannelBuffer(ByteBuffer.wrap(payload), true));
            }
            if (!permits.tryAcquire(window, 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echoes missing after 30 s");
            }
            return count / ((System.nanoTime() - t) / 1e9);
        } finally {
            inFlight = null;
        }
    }

    /** Sends {@code payload} once from the caller's thread; the echo goes where {@link #countEchoesIn} says. */
    void sendOnce(byte[] payload) throws Exception {
        local.send(new RTCDataChannelBuffer(ByteBuffer.wrap(payload), true));
    }

    /** From now on each echo releases a permit of {@code echoes} instead of being queued; null to queue again. */
    void countEchoesIn(java.util.concurrent.Semaphore echoes) {
        inFlight = echoes;
    }

    @Override
    public void close() {
        try {
            remote.unregisterObserver();
            remote.close();
            remote.dispose();
            local.unregisterObserver();
            local.close();
            local.dispose();
        } finally {
            pcs[0].close();
            pcs[1].close();
            if (audio != null) {
                factory.dispose();
                audio.dispose();
            }
            if (remoteFactory != null) {
                remoteFactory.dispose();
                remoteAudio.dispose();
            }
        }
    }

    private static byte[] copy(RTCDataChannelBuffer b) {
        byte[] out = new byte[b.data.remaining()];
        b.data.get(out);
        return out;
    }

    private static RTCDataChannelObserver observer(RTCDataChannel dc, CompletableFuture<Void> open,
                                                   Consumer<RTCDataChannelBuffer> onMessage, RTCDataChannel echoTo) {
        return new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
            }

            @Override
            public void onStateChange() {
                if (open != null && dc.getState() == RTCDataChannelState.OPEN) {
                    open.complete(null);
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                if (onMessage != null) {
                    onMessage.accept(buffer);
                }
                if (echoTo != null) {
                    try {
                        echoTo.send(new RTCDataChannelBuffer(ByteBuffer.wrap(copy(buffer)), true));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    private interface CreateCall {
        void call(CreateSessionDescriptionObserver o);
    }

    private interface SetCall {
        void call(SetSessionDescriptionObserver o);
    }

    private static RTCSessionDescription create(CreateCall call) throws Exception {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        call.call(new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                f.complete(d);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void set(SetCall call) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        call.call(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        });
        f.get(10, TimeUnit.SECONDS);
    }
}
