package org.mobileworship.livecontrol.transport.relay;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.testkit.BuildConfigCheck;
import org.mobileworship.livecontrol.transport.relay.internal.RelayTransport;

/** A bad relay key fails build(), naming key, value and expected form. */
class RelayConfigTest {

    @Test
    void badConnectTimeoutFailsBuild() {
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new RelayTransportProvider())),
                RelayTransport.CONNECT_TIMEOUT_KEY, "0s");
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new RelayTransportProvider())),
                RelayTransport.CONNECT_TIMEOUT_KEY, "soon");
    }
}
