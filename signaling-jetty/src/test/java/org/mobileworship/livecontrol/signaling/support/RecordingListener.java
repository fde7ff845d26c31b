package org.mobileworship.livecontrol.signaling.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;

/** Records every callback. */
public final class RecordingListener implements SignalingListener {
    public record Received(PeerId from, Signal signal) {
    }

    public record Err(String code, String message, PeerId target) {
    }

    public final List<List<PeerInfo>> peerLists = new CopyOnWriteArrayList<>();
    public final List<Received> signals = new CopyOnWriteArrayList<>();
    public final List<Err> errors = new CopyOnWriteArrayList<>();
    public final List<String> disconnects = new CopyOnWriteArrayList<>();
    /** {@link #silent} hints, and how many disconnects had been recorded when each came. */
    public final List<String> silences = new CopyOnWriteArrayList<>();
    public final List<Integer> disconnectsBeforeSilence = new CopyOnWriteArrayList<>();

    @Override
    public void peerList(List<PeerInfo> peers) {
        peerLists.add(peers);
    }

    @Override
    public void signal(PeerId from, Signal signal) {
        signals.add(new Received(from, signal));
    }

    @Override
    public void error(String code, String message, PeerId target) {
        errors.add(new Err(code, message, target));
    }

    @Override
    public void disconnected(String reason) {
        disconnects.add(reason);
    }

    @Override
    public void silent(String reason) {
        disconnectsBeforeSilence.add(disconnects.size());
        silences.add(reason);
    }

    /** Ids in the latest peer list (empty before the first). */
    public List<String> lastPeerIds() {
        if (peerLists.isEmpty()) {
            return List.of();
        }
        return peerLists.get(peerLists.size() - 1).stream().map(p -> p.id().value()).sorted().toList();
    }
}
