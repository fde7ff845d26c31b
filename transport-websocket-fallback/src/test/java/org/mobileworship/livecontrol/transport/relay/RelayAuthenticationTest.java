package org.mobileworship.livecontrol.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.testkit.SignalWire;
import org.mobileworship.livecontrol.testkit.TestContext;

/**
 * A leader that forges or alters relayed cues (security threat T8 in docs/security.md): between devices with
 * keys every relayed frame is signed by its sender for its receiver, so frames the leader makes up, alters,
 * signs with another key or redirects from another display are dropped before they reach the node.
 */
class RelayAuthenticationTest {
    private final DeviceIdentity controllerKey = DeviceIdentity.ephemeral();
    private final DeviceIdentity displayKey = DeviceIdentity.ephemeral();
    private final PeerId controllerId = controllerKey.peerId();
    private final PeerId displayId = displayKey.peerId();
    private final SignalWire wire = new SignalWire();
    private TestContext controllerContext;
    private TestContext displayContext;
    private Transport controller;
    private Transport display;
    private final BlockingQueue<Link> incoming = new LinkedBlockingQueue<>();
    private final BlockingQueue<DataFrame> received = new LinkedBlockingQueue<>();
    private Link toDisplay;

    @BeforeEach
    void connect() throws Exception {
        controllerContext = TestContext.builder(controllerId, PeerType.controller()).deviceKey(controllerKey)
                .signaling(wire.sender(controllerId)).build();
        displayContext = TestContext.builder(displayId, PeerType.display(DisplayClass.STAGE)).deviceKey(displayKey)
                .signaling(wire.sender(displayId)).build();
        controller = new RelayTransportProvider().create(controllerContext);
        display = new RelayTransportProvider().create(displayContext);
        wire.attach(controllerId, controller);
        wire.attach(displayId, display);
        display.start(incoming::add);
        controller.start(l -> { });
        toDisplay = controller.connect(displayId).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Link atDisplay = incoming.poll(10, TimeUnit.SECONDS);
        assertThat(atDisplay).isNotNull();
        atDisplay.setListener(new LinkListener() {
            @Override
            public void frame(byte[] frame) {
                try {
                    received.add(DataFrame.parseFrom(frame));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void closed(String reason) {
            }
        });
    }

    @AfterEach
    void close() {
        controller.close();
        display.close();
        wire.close();
        controllerContext.close();
        displayContext.close();
    }

    private static DataFrame slide(String messageId, int index) {
        return DataFrame.newBuilder().setMessageId(messageId)
                .setSlide(Slide.newBuilder().setEventId("e").setItemId("song").setSlideIndex(index)).build();
    }

    /** What a relay transport with {@code by}'s key sends: the frame, then the signature fields. */
    private static DataFrame signed(DataFrame plain, DeviceIdentity by, PeerId from, PeerId to) {
        byte[] sig = by.sign(DeviceProofs.relayTranscript(from.value(), to.value(), plain.toByteArray()));
        return plain.toBuilder().setSenderSignature(ByteString.copyFrom(sig))
                .setSenderKey(ByteString.copyFrom(by.publicKey())).build();
    }

    /** The leader delivers {@code frame} to the display stamped as coming from the controller. */
    private void leaderInjects(DataFrame frame) throws Exception {
        wire.sender(controllerId).send(displayId, new Signal.Relay(frame.toByteArray())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    /** Sends a genuine frame after the forged ones; the wire is FIFO, so it arrives after them. */
    private DataFrame nextAfterGenuineMarker() throws Exception {
        toDisplay.send(slide("genuine", 1).toByteArray());
        DataFrame first = received.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("the genuine frame arrives").isNotNull();
        return first;
    }

    @Test
    void genuineFramesArriveWithoutTheirSignature() throws Exception {
        toDisplay.send(slide("m-1", 3).toByteArray());
        DataFrame got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(slide("m-1", 3));
    }

    @Test
    void anUnsignedCueMadeUpByTheLeaderIsDropped() throws Exception {
        leaderInjects(slide("forged", 66));
        assertThat(nextAfterGenuineMarker().getMessageId()).isEqualTo("genuine");
        assertThat(received).isEmpty();
    }

    @Test
    void aCueSignedWithAnotherKeyIsDropped() throws Exception {
        DeviceIdentity leaderKey = DeviceIdentity.ephemeral();
        leaderInjects(signed(slide("forged", 66), leaderKey, controllerId, displayId));
        assertThat(nextAfterGenuineMarker().getMessageId()).isEqualTo("genuine");
    }

    @Test
    void anAlteredCueIsDropped() throws Exception {
        DataFrame genuine = signed(slide("m-7", 7), controllerKey, controllerId, displayId);
        leaderInjects(genuine.toBuilder().setSlide(genuine.getSlide().toBuilder().setSlideIndex(66)).build());
        assertThat(nextAfterGenuineMarker().getMessageId()).isEqualTo("genuine");
    }

    @Test
    void aCueSignedForAnotherDisplayIsDropped() throws Exception {
        PeerId otherDisplay = DeviceIdentity.ephemeral().peerId();
        leaderInjects(signed(slide("m-9", 9), controllerKey, controllerId, otherDisplay));
        assertThat(nextAfterGenuineMarker().getMessageId()).isEqualTo("genuine");
    }

    @Test
    void aProperlySignedFrameIsTakenEvenWhenInjected() throws Exception {
        // the control for the tests above: the same path accepts what the controller really signed
        leaderInjects(signed(slide("m-5", 5), controllerKey, controllerId, displayId));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(slide("m-5", 5));
    }
}
