package org.mobileworship.livecontrol.transport.webrtc;

import org.mobileworship.livecontrol.api.spi.Config;
import java.util.Optional;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.transport.webrtc.internal.NativeProbe;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcSettings;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

/**
 * The {@code webrtc} transport: one ordered, reliable data channel ({@code live-control}) per
 * controller–display pair, on webrtc-java. Priority 100. Unavailable (with the fix in the cause) when the
 * native library cannot load, e.g. {@code libpulse0} missing or no native classifier jar for this platform.
 *
 * <p>Configuration: see the module README ({@code livecontrol.webrtc.*}).
 */
public final class WebRtcTransportProvider implements TransportProvider {

    /** The provider and transport name. */
    public static final String NAME = "webrtc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return NativeProbe.unavailabilityCause();
    }

    /** Parses {@code livecontrol.webrtc.*} so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        WebRtcSettings.from(config);
    }

    @Override
    public Transport create(TransportContext context) {
        Optional<Throwable> cause = unavailabilityCause();
        if (cause.isPresent()) {
            throw new TransportException("webrtc transport unavailable: " + cause.get().getMessage(), cause.get());
        }
        return new WebRtcTransport(context);
    }
}
