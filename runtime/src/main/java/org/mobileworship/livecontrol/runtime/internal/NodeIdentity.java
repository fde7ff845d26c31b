package org.mobileworship.livecontrol.runtime.internal;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.signaling.RoomTrust;

/**
 * Who this node is.
 *
 * @param deviceKey the device's key when it has a device identity (then {@code id} is derived from it), else
 *                  {@code null}
 * @param trust     the room's trust list as this device holds it (with a device identity), else {@code null}
 */
public record NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis, DeviceKey deviceKey,
                           RoomTrust trust) {
    public NodeIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayName, "displayName");
    }

    public NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis) {
        this(id, type, displayName, startedAtMillis, null, null);
    }

    public NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis, DeviceKey deviceKey) {
        this(id, type, displayName, startedAtMillis, deviceKey, null);
    }
}
