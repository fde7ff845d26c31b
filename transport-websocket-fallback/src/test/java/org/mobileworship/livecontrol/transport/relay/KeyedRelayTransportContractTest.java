package org.mobileworship.livecontrol.transport.relay;

import java.util.Set;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.testkit.SignalWire;
import org.mobileworship.livecontrol.testkit.TestContext;
import org.mobileworship.livecontrol.testkit.TransportContractTest;
import org.mobileworship.livecontrol.testkit.TransportPair;

/** The relay between two devices with keys (every frame signed and verified) still passes the contract. */
class KeyedRelayTransportContractTest extends TransportContractTest {
    @Override
    protected Transport createTransport(TransportContext context) {
        return new RelayTransportProvider().create(context);
    }

    @Override
    protected Set<Class<? extends Signal>> usedSignalKinds() {
        return Set.of(Signal.Relay.class);
    }

    @Override
    protected TransportPair createPair() {
        DeviceIdentity c = DeviceIdentity.ephemeral();
        DeviceIdentity d = DeviceIdentity.ephemeral();
        SignalWire wire = new SignalWire();
        TestContext cc = TestContext.builder(c.peerId(), PeerType.controller()).deviceKey(c)
                .signaling(wire.sender(c.peerId())).build();
        TestContext dc = TestContext.builder(d.peerId(), PeerType.display(DisplayClass.AUDIENCE)).deviceKey(d)
                .signaling(wire.sender(d.peerId())).build();
        Transport controller = createTransport(cc);
        Transport display = createTransport(dc);
        wire.attach(c.peerId(), controller);
        wire.attach(d.peerId(), display);
        return new TransportPair(c.peerId(), controller, d.peerId(), display).closing(wire).closing(cc).closing(dc);
    }
}
