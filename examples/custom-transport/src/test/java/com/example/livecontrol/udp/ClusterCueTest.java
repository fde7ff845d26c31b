package com.example.livecontrol.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.testkit.cluster.LiveControlCluster;

/**
 * The same plugin under the testkit's multi-node harness: in-memory discovery, election and signaling (its
 * handshake travels through the in-memory signaling), real UDP on loopback for the links.
 */
class ClusterCueTest {

    @Test
    void twoDisplaysAreCuedOverUdpInTheInMemoryCluster() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster().transports(List.of(new UdpTransportProvider()))) {
            LiveControl booth = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            LiveControl lobby = cluster.display("lobby", DisplayClass.LOBBY);
            cluster.startAll();
            cluster.awaitLinked(booth, 2);
            assertThat(booth.connectedPeers()).filteredOn(PeerInfo::connected).extracting(PeerInfo::transport)
                    .containsOnly("udp");
            for (LiveControl display : List.of(stage, lobby)) {
                Delivery d = booth.send(display.id(), new LiveControlMessage.Slide("e", "song-2", 5))
                        .get(10, TimeUnit.SECONDS);
                assertThat(d.transport()).isEqualTo("udp");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 5);
            }
        }
    }
}
