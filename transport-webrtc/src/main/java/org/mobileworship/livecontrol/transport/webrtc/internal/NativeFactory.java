package org.mobileworship.livecontrol.transport.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's {@link PeerConnectionFactory} with a headless audio module (no sound device is opened).
 * Each factory starts three native threads, so a transport shares one for all its peer connections and
 * disposes it last, after every peer connection is closed.
 */
public final class NativeFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeFactory.class);

    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    private boolean disposed;

    private NativeFactory(HeadlessAudioDeviceModule audio, PeerConnectionFactory factory) {
        this.audio = audio;
        this.factory = factory;
    }

    public static NativeFactory create() {
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        try {
            return new NativeFactory(audio, new PeerConnectionFactory(audio));
        } catch (RuntimeException | Error e) {
            safeDispose(audio::dispose, "audio module");
            throw e;
        }
    }

    public PeerConnectionFactory factory() {
        return factory;
    }

    /** Disposes the factory, then the audio module it uses. Idempotent. */
    public synchronized void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        safeDispose(factory::dispose, "peer connection factory");
        safeDispose(audio::dispose, "audio module");
    }

    static void safeDispose(Runnable r, String what) {
        try {
            r.run();
        } catch (Throwable t) {
            LOG.warn("disposing the {} failed: {}", what, t.toString());
        }
    }
}
