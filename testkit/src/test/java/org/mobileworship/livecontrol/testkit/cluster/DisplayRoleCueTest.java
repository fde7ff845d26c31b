package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.testkit.InMemoryNetwork;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * A display applies cues only from peers registered as controllers, even when the leader does not enforce
 * roles (the in-memory signaling server forwards anything, like a leader of another version would). The
 * signaling server's own refusal is tested against real Jetty in signaling-jetty's RoleAuthorizationTest.
 */
class DisplayRoleCueTest {

    @Test
    void aDisplayRefusesCuesFromAnotherDisplayWithNotAllowed() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            LiveControl rogue = cluster.display("rogue", DisplayClass.LOBBY);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> stage.peers().stream()
                    .anyMatch(p -> p.id().equals(rogue.id()) && p.type().isDisplay()));
            ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "song-1", 2)).get(5, TimeUnit.SECONDS);

            // The rogue display speaks the wire protocol itself: its runtime would refuse to send cues.
            try (TestContext ctx = TestContext.builder(rogue.id(), PeerType.display(DisplayClass.LOBBY))
                    .config(InMemoryNetwork.CONFIG_KEY, cluster.network().name()).build()) {
                Transport raw = new InMemoryTransportProvider().create(ctx);
                raw.start(link -> { });
                Link link = raw.connect(stage.id()).toCompletableFuture().get(5, TimeUnit.SECONDS);
                LinkedBlockingQueue<DataFrame> replies = new LinkedBlockingQueue<>();
                link.setListener(new LinkListener() {
                    @Override
                    public void frame(byte[] frame) {
                        try {
                            replies.add(ProtobufFrameCodec.INSTANCE.decodeData(frame));
                        } catch (ProtocolException e) {
                            throw new AssertionError("the display sent an undecodable frame", e);
                        }
                    }

                    @Override
                    public void closed(String reason) {
                    }
                });
                link.send(ProtobufFrameCodec.INSTANCE.encodeData(DataFrame.newBuilder().setMessageId("evil-1")
                        .setSlide(Slide.newBuilder().setEventId("e").setItemId("defaced").setSlideIndex(66)).build()));
                DataFrame reply = replies.poll(5, TimeUnit.SECONDS);
                assertThat(reply).as("the display answers the rogue cue").isNotNull();
                assertThat(reply.hasError()).as("reply %s", reply).isTrue();
                assertThat(reply.getError().getCode()).isEqualTo("not-allowed");
                assertThat(reply.getError().getMessageId()).isEqualTo("evil-1");
                assertThat(reply.getError().getMessage()).contains("registered as a display");
                raw.close();
            }
            assertThat(stage.liveState().itemId()).isEqualTo("song-1");
            assertThat(stage.liveState().slideIndex()).isEqualTo(2);
            // the controller still drives it
            ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "song-1", 3)).get(5, TimeUnit.SECONDS);
            assertThat(stage.liveState().slideIndex()).isEqualTo(3);
        }
    }
}
