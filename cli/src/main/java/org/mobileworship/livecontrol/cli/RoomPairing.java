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
    /** The pages' default port (signaling's). */
    static final int DEFAULT_PAGES_PORT = 3010;
    /** The pairing endpoint's default port (next to signaling's 3010). */
    static final int DEFAULT_PORT = 3011;

    private RoomPairing() {
    }

    /** A controller's open window and its endpoint. Closing it closes the endpoint. */
    record Opened(PairingWindow window, PairingEndpoint endpoint, TrustStore store) implements AutoCloseable {
        /**
         * The URL the QR code carries: the {@code /pair} page of the node serving pages on {@code pages}
         * (host:port), with the one-time token, the pairing endpoint and the role in the URL's fragment, which
         * a browser never sends to any server. The page pairs the browser under that node's origin, where its
         * {@code /display} or {@code /control} page then finds the key. {@code livecontrol pair --url} reads it too.
         */
        String qrUrl(String host, String pages) {
            return "http://" + pages + PairingEndpoint.PATH + "#token=" + window.token() + "&endpoint=" + host + ":"
                    + endpoint.address().getPort() + "&role=" + window.role();
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
    /** Where a pairing URL (the QR code's text, or one typed) leads: the endpoint and the token. */
    record PairingUrl(URI endpoint, String token) {
        /**
         * Reads {@code http://PAGES/pair#token=T&endpoint=HOST:PORT&role=R} (what {@link Opened#qrUrl} makes) or
         * {@code http://HOST:PORT/pair?token=T} (the endpoint itself).
         *
         * @throws IllegalArgumentException naming what is missing
         */
        static PairingUrl parse(String url) {
            URI u;
            try {
                u = URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + url + "' is not a URL", e);
            }
            java.util.Map<String, String> fragment = params(u.getRawFragment());
            java.util.Map<String, String> query = params(u.getRawQuery());
            String token = fragment.getOrDefault("token", query.get("token"));
            String authority = fragment.getOrDefault("endpoint", u.getRawAuthority());
            if (token == null || authority == null || authority.isBlank()) {
                throw new IllegalArgumentException("'" + url + "' is not a pairing URL: it needs a token and the"
                        + " controller's pairing address (http://PAGES/pair#token=…&endpoint=HOST:3011)");
            }
            return new PairingUrl(URI.create("http://" + authority + PairingEndpoint.PATH), token);
        }

        private static java.util.Map<String, String> params(String raw) {
            java.util.Map<String, String> out = new java.util.HashMap<>();
            if (raw != null) {
                for (String kv : raw.split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1),
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        }
    }

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
