package org.mobileworship.livecontrol.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.pairing.Joiner;
import org.mobileworship.livecontrol.security.pairing.PairingClient;
import org.mobileworship.livecontrol.security.pairing.PairingEndpoint;
import org.mobileworship.livecontrol.security.pairing.PairingException;
import org.mobileworship.livecontrol.security.pairing.PairingWindow;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustListException;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * Pairing between two state directories: a controller's window served on the network, and a new device joining
 * it. What {@code livecontrol pair} runs, and what the demo uses to pair its own nodes.
 */
final class RoomPairing {
    /** The pairing endpoint's default port (next to signaling's 3010). */
    static final int DEFAULT_PORT = 3011;

    private RoomPairing() {
    }

    /** A controller's open window and its endpoint. Closing it closes the endpoint. */
    record Opened(PairingWindow window, PairingEndpoint endpoint, TrustStore store) implements AutoCloseable {
        /** The URL the QR code carries: the endpoint plus the one-time token. */
        String qrUrl(String host) {
            return "http://" + host + ":" + endpoint.address().getPort() + PairingEndpoint.PATH + "?token="
                    + window.token();
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }

    /**
     * Opens a window on the controller whose state directory is {@code stateDir}: the device proving its code is
     * added to the room's trust list (founded with this controller as its first member if there is none yet).
     */
    static Opened open(Path stateDir, String controllerName, String role, String name, Duration lifetime,
                       InetSocketAddress bind) {
        DeviceIdentity key = DeviceIdentity.loadOrCreate(stateDir);
        TrustStore store = TrustStore.load(stateDir, key, true, Clock.systemUTC());
        if (store.list().isPresent() && !store.list().get().isController(store.selfId())) {
            throw new LiveControlException("this device (" + store.selfId() + ") is not a controller of the room's"
                    + " trust list in " + stateDir + "; open the pairing window on a paired controller");
        }
        PairingWindow window = PairingWindow.open(key, role, name, lifetime, PairingWindow.DEFAULT_ATTEMPTS,
                Clock.systemUTC());
        PairingEndpoint endpoint = PairingEndpoint.start(window, bind, device -> store.change(controllerName,
                list -> list.with(new TrustList.Device(device.peerId(), TrustStore.keyText(device.publicKey()),
                        device.role(), device.name(), store.clock().instant().toString(), null), store.signer(),
                        store.clock().instant())).document());
        return new Opened(window, endpoint, store);
    }

    /**
     * Joins a controller's window from the device whose state directory is {@code stateDir}, with the short code
     * or the QR code's token, and keeps the room's trust list the controller sent.
     */
    static PairingClient.Result join(Path stateDir, URI endpoint, String code, String token)
            throws PairingException {
        DeviceIdentity key = DeviceIdentity.loadOrCreate(stateDir);
        Joiner joiner = token != null ? Joiner.withToken(token, key) : new Joiner(code, key);
        PairingClient.Result result = new PairingClient(Duration.ofSeconds(10)).pair(endpoint, joiner);
        TrustStore store = TrustStore.load(stateDir, key, true, Clock.systemUTC());
        try {
            store.adoptFromPairing(result.trustList(), result.granted().controllerPublicKey());
        } catch (TrustListException e) {
            throw new PairingException(PairingException.Reason.REJECTED, "the controller's trust list is not"
                    + " acceptable: " + e.getMessage());
        }
        return result;
    }
}
