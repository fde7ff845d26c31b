package org.mobileworship.livecontrol.runtime.internal;

import java.util.Objects;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;

/** Who this node is. */
public record NodeIdentity(PeerId id, PeerType type, String displayName, long startedAtMillis) {
    public NodeIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayName, "displayName");
    }
}
