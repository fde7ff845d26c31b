package org.mobileworship.livecontrol.transport.webrtc;

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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Raw webrtc-java echo baseline: two peer connections on one factory, a data channel, N sequential echoes of
 * a fixed-size message; returns the RTTs in microseconds. No livecontrol code involved.
 */
final class RawEchoBaseline {
    private RawEchoBaseline() {
    }

    static long[] run(int messages, int size) throws Exception {
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(audio);
        RTCPeerConnection[] pcs = new RTCPeerConnection[2];
        CompletableFuture<RTCDataChannel> remoteChannel = new CompletableFuture<>();
        pcs[0] = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                pcs[1].addIceCandidate(c);
            }
        });
        pcs[1] = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                pcs[0].addIceCandidate(c);
            }

            @Override
            public void onDataChannel(RTCDataChannel dc) {
                remoteChannel.complete(dc);
            }
        });
        RTCDataChannel local = pcs[0].createDataChannel("echo", new RTCDataChannelInit());
        LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
        CompletableFuture<Void> open = new CompletableFuture<>();
        local.registerObserver(observer(local, open, buf -> replies.offer(copy(buf)), null));
        try {
            RTCSessionDescription offer = create(o -> pcs[0].createOffer(new RTCOfferOptions(), o));
            set(o -> pcs[0].setLocalDescription(offer, o));
            set(o -> pcs[1].setRemoteDescription(offer, o));
            RTCSessionDescription answer = create(o -> pcs[1].createAnswer(new RTCAnswerOptions(), o));
            set(o -> pcs[1].setLocalDescription(answer, o));
            set(o -> pcs[0].setRemoteDescription(answer, o));
            RTCDataChannel remote = remoteChannel.get(10, TimeUnit.SECONDS);
            // echo on the remote side: sent from the callback thread, as a raw user would
            remote.registerObserver(observer(remote, null, null, remote));
            open.get(10, TimeUnit.SECONDS);
            byte[] msg = new byte[size];
            long[] rtt = new long[messages];
            for (int i = 0; i < messages; i++) {
                long t = System.nanoTime();
                local.send(new RTCDataChannelBuffer(ByteBuffer.wrap(msg), true));
                if (replies.poll(10, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("no echo for message " + i);
                }
                rtt[i] = (System.nanoTime() - t) / 1000;
            }
            remote.unregisterObserver();
            remote.close();
            remote.dispose();
            return rtt;
        } finally {
            local.unregisterObserver();
            local.close();
            local.dispose();
            pcs[0].close();
            pcs[1].close();
            factory.dispose();
            audio.dispose();
        }
    }

    private static byte[] copy(RTCDataChannelBuffer b) {
        byte[] out = new byte[b.data.remaining()];
        b.data.get(out);
        return out;
    }

    private static RTCDataChannelObserver observer(RTCDataChannel dc, CompletableFuture<Void> open,
                                                   java.util.function.Consumer<RTCDataChannelBuffer> onMessage,
                                                   RTCDataChannel echoTo) {
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

    interface CreateCall {
        void call(CreateSessionDescriptionObserver o);
    }

    interface SetCall {
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

    /** "p50 x ms, p99 y ms" of microsecond samples. */
    static String percentiles(long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        return String.format("p50 %.3f ms, p99 %.3f ms, max %.3f ms", s[s.length / 2] / 1000.0,
                s[(int) (s.length * 0.99)] / 1000.0, s[s.length - 1] / 1000.0);
    }
}
