package com.example.livecontrol.udp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;

/** livecontrol's transport TCK, run against this plugin exactly as the testkit README says. */
class UdpTransportContractTest extends TransportContractTest {

    @Override
    protected Transport createTransport(TransportContext context) {
        return new UdpTransportProvider().create(context);
    }

    @Override
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of(Signal.TransportSignal.class);
    }

    /** Our own signal kind, but nothing this transport can use: ignored, never harming an open link. */
    @Override
    protected List<Signal> unusableSignals() {
        return List.of(
                new Signal.TransportSignal(UdpTransportProvider.NAME, "garbage".getBytes(StandardCharsets.UTF_8)),
                new Signal.TransportSignal(UdpTransportProvider.NAME, "udp/1 welcome 1 127.0.0.1 9".getBytes(StandardCharsets.UTF_8)),
                new Signal.TransportSignal(UdpTransportProvider.NAME, "udp/1 bye zz".getBytes(StandardCharsets.UTF_8)),
                new Signal.TransportSignal(UdpTransportProvider.NAME, new byte[0]));
    }
}
