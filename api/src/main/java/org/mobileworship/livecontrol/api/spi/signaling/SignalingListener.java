package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.List;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;

/**
 * Callbacks from a {@link SignalingClient}, serialized per client, on the client's threads; return quickly.
 */
public interface SignalingListener {

    /** The server's registry changed; {@code peers} excludes this node ({@code connected} is false in it). */
    void peerList(List<PeerInfo> peers);

    /** A signal from {@code from} (stamped by the server, not claimed by the sender). */
    void signal(PeerId from, Signal signal);

    /**
     * The server refused something this client sent. {@code target} names the peer concerned when the
     * refusal is about one (e.g. {@code unknown-peer}), else {@code null}. Codes: {@link org.mobileworship.livecontrol.api.ErrorCodes}.
     */
    void error(String code, String message, PeerId target);

    /**
     * The connection to the server ended after it had been established: closed by the server (e.g. leader
     * stepping down), reset, or heartbeats unanswered. Not called after {@link SignalingClient#disconnect}.
     */
    void disconnected(String reason);

    /**
     * The server has sent nothing (no heartbeat-ack, no other frame) for all but the last heartbeat interval of
     * the client's budget: if that interval passes in silence too, the connection ends with {@link #disconnected}.
     * A hint, not a loss; at most once per silence (again only after a frame arrived). Default: ignored.
     */
    default void silent(String reason) {
    }
}
