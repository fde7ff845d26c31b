package com.example.livecontrol.udp;

import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;

/**
 * A transport plugin: links over plain UDP datagrams with acknowledgements and retransmission, set up through
 * livecontrol's signaling with {@code TransportSignal}s named {@value #NAME}. Registered in
 * {@code META-INF/services}, so putting this jar on the classpath makes every node use it.
 *
 * <p>Configuration: {@code livecontrol.udp.bind-address} (default {@code 127.0.0.1}: the example stays on
 * loopback; set a LAN address to use it between machines), {@code livecontrol.udp.connect-timeout} (3s),
 * {@code livecontrol.udp.link-timeout} (5s: a link that hears nothing, or whose frames stay unacknowledged,
 * for this long closes).
 */
public final class UdpTransportProvider implements TransportProvider {
    /** The transport's name: in {@code livecontrol.transports}, in links' {@code transport()}, in its signals. */
    public static final String NAME = "udp";

    @Override
    public String name() {
        return NAME;
    }

    /** Between WebRTC (100) and the relay fallback (10). */
    @Override
    public int priority() {
        return 50;
    }

    @Override
    public void validate(Config config) {
        UdpSettings.from(config);
    }

    @Override
    public Transport create(TransportContext context) {
        return new UdpTransport(context, UdpSettings.from(context.config()));
    }
}
