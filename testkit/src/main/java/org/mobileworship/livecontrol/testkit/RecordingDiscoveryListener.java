package org.mobileworship.livecontrol.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;

/** Records discovery callbacks for assertions. Thread-safe. */
public final class RecordingDiscoveryListener implements DiscoveryListener {
    private final List<DiscoveredPeer> seen = new ArrayList<>();
    private final List<PeerId> gone = new ArrayList<>();

    @Override
    public synchronized void peerSeen(DiscoveredPeer peer) {
        seen.add(peer);
    }

    @Override
    public synchronized void peerGone(PeerId peer) {
        gone.add(peer);
    }

    public synchronized List<DiscoveredPeer> seen() {
        return new ArrayList<>(seen);
    }

    public synchronized List<PeerId> gone() {
        return new ArrayList<>(gone);
    }

    /** The latest announcement seen from {@code peer}. */
    public synchronized Optional<DiscoveredPeer> latest(PeerId peer) {
        for (int i = seen.size() - 1; i >= 0; i--) {
            if (seen.get(i).announcement().peerId().equals(peer)) {
                return Optional.of(seen.get(i));
            }
        }
        return Optional.empty();
    }
}
