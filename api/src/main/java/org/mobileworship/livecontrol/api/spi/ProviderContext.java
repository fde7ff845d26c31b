package org.mobileworship.livecontrol.api.spi;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;

/** What the runtime gives every plugin it creates. */
public interface ProviderContext {

    PeerId localId();

    PeerType localType();

    String displayName();

    /** When this node started, as wall-clock millis; part of the election priority. */
    long startedAtMillis();

    Config config();

    /**
     * The node's shared scheduler for timers (heartbeats, retries, timeouts). Tasks must be short and must
     * never block; the runtime shuts it down on close.
     */
    ScheduledExecutorService scheduler();

    /** Time source; tests substitute a fake one. */
    Clock clock();

    /**
     * This device's key, when it has a device identity ({@code livecontrol.state-dir}); then {@link #localId()} is
     * derived from it. Plugins sign with it what the leader must not be able to alter (e.g. a transport's DTLS
     * fingerprint in its SDP).
     */
    default Optional<DeviceKey> deviceKey() {
        return Optional.empty();
    }

    /**
     * The room's trust list as this device holds it, when it has a device identity. The signaling server
     * enforces it in paired mode ({@code not-paired}); the signaling client carries it at registration and
     * adopts newer lists the leader pushes.
     */
    default Optional<org.mobileworship.livecontrol.api.spi.signaling.RoomTrust> trust() {
        return Optional.empty();
    }
}
