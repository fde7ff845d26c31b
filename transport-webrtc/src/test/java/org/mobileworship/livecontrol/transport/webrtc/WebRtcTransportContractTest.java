package org.mobileworship.livecontrol.transport.webrtc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;

/** The testkit's transport contract against real libwebrtc: two transports in one JVM. */
class WebRtcTransportContractTest extends TransportContractTest {

    @BeforeAll
    static void nativeLibraryLoads() {
        var cause = new WebRtcTransportProvider().unavailabilityCause();
        Assumptions.assumeTrue(cause.isEmpty(), () -> "webrtc-java native library unavailable: "
                + cause.map(Throwable::getMessage).orElse(""));
    }

    @Override
    protected Transport createTransport(TransportContext context) {
        return new WebRtcTransportProvider().create(context);
    }

    @Override
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of(Signal.Offer.class, Signal.Answer.class, Signal.IceCandidate.class);
    }

    /** Another transport's handshake squeezed into WebRTC's kinds, and SDP that cannot open a data channel. */
    @Override
    protected List<Signal> unusableSignals() {
        return List.of(new Signal.Offer("udp-loopback hello 127.0.0.1:40123"),
                new Signal.Offer("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"),
                new Signal.Answer("udp-loopback ack"),
                new Signal.IceCandidate("udp-loopback 127.0.0.1:40123", "x", 3));
    }

    @Override
    protected Map<String, String> config() {
        // a connect to an absent peer must fail well inside the contract's bound
        return Map.of("livecontrol.webrtc.ice-timeout", "3s");
    }

    @Override
    protected Predicate<Thread> ignoredThreads() {
        // threads webrtc-java attaches from its native pools and never detaches (see the module README)
        return t -> t.getName().startsWith("Thread-") && t.isDaemon();
    }
}
