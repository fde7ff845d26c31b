package org.mobileworship.livecontrol.runtime.internal;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;

/**
 * Who this node is.
 *
 * @param deviceKey the device's key when it has a device identity (then {@code id} is derived from it), else
 *                  {@code null}
 */
public record NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis, DeviceKey deviceKey) {
    public NodeIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayName, "displayName");
    }

    public NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis) {
        this(id, type, displayName, startedAtMillis, null);
    }
}
