package org.mobileworship.livecontrol.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;

/** Records signaling callbacks for assertions. Thread-safe. */
public final class RecordingSignalingListener implements SignalingListener {
    /** A received signal with its stamped sender. */
    public record Received(PeerId from, Signal signal) {
    }

    /** A server error. */
    public record ErrorReport(String code, String message, PeerId target) {
    }

    private final List<List<PeerInfo>> peerLists = new ArrayList<>();
    private final List<Received> signals = new ArrayList<>();
    private final List<ErrorReport> errors = new ArrayList<>();
    private final List<String> disconnects = new ArrayList<>();

    @Override
    public synchronized void peerList(List<PeerInfo> peers) {
        peerLists.add(List.copyOf(peers));
    }

    @Override
    public synchronized void signal(PeerId from, Signal signal) {
        signals.add(new Received(from, signal));
    }

    @Override
    public synchronized void error(String code, String message, PeerId target) {
        errors.add(new ErrorReport(code, message, target));
    }

    @Override
    public synchronized void disconnected(String reason) {
        disconnects.add(reason);
    }

    public synchronized Optional<List<PeerInfo>> lastPeerList() {
        return peerLists.isEmpty() ? Optional.empty() : Optional.of(peerLists.get(peerLists.size() - 1));
    }

    /** Ids in the last peer list (empty if none arrived). */
    public synchronized List<PeerId> lastPeerIds() {
        return lastPeerList().map(l -> l.stream().map(PeerInfo::id).toList()).orElse(List.of());
    }

    public synchronized List<Received> signals() {
        return new ArrayList<>(signals);
    }

    public synchronized List<ErrorReport> errors() {
        return new ArrayList<>(errors);
    }

    public synchronized List<String> disconnects() {
        return new ArrayList<>(disconnects);
    }
}
