package org.mobileworship.livecontrol.testkit;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.testkit.internal.InMemoryTransport;

/**
 * The in-memory transport's bad encoding used to pass build() and only fail when start() created the transport,
 * where the node logged it and went on without that transport; now build() refuses it.
 */
class InMemoryTransportConfigTest {

    @Test
    void badEncodingFailsBuild() {
        BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new InMemoryTransportProvider())),
                InMemoryTransport.ENCODING_KEY, "xml");
    }
}
