package org.mobileworship.livecontrol.api.spi.transport;

import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;

/**
 * Opens links between a controller and displays. Controllers initiate ({@link #connect}); displays receive
 * {@link TransportListener#incomingLink}.
 *
 * <p>Contract: {@code connect} completes with an open link or fails with a {@link TransportException} within
 * the transport's own timeout (never hangs); a link delivers frames in order without duplicates while open;
 * frames up to 16 KiB are accepted; a remote that goes away closes the link ({@link LinkListener#closed});
 * {@link #onSignal} ignores signal kinds the transport does not use; {@link #close} closes every link and
 * frees every resource (threads, native objects). Thread-safe.
 *
 * <p><b>Signaling.</b> Several transports share one signaling connection. A transport with a handshake of its
 * own sends {@link Signal.TransportSignal}s named after itself ({@link #name()}); the runtime hands those only
 * to the transport of that name. The other kinds ({@code Offer}/{@code Answer}/{@code IceCandidate} are
 * WebRTC's, {@code Relay} is the relay fallback's) are offered to every transport.
 *
 * <p><b>The rule: a frame a transport cannot use never harms another transport's link.</b> A signal of a kind
 * the transport does not use, addressed to another transport, or of its own kind but unusable (unparsable,
 * stale, for a session it does not know) is ignored or refused on its own; it never closes, replaces or
 * stalls an open link. Replace a working link only after the signal that would replace it was validated.
 * {@code TransportContractTest} pins this rule.
 */
public interface Transport extends AutoCloseable {

    String name();

    void start(TransportListener listener);

    CompletionStage<Link> connect(PeerId remote);

    /**
     * Opens a link to {@code remote} in an encoding it speaks ({@link PeerInfo#speaks}); the runtime calls this
     * one. A transport that chooses the encoding must honour the peer's declaration; the default ignores it
     * and calls {@link #connect(PeerId)} — the runtime then closes a link whose encoding the peer does not
     * speak and tries the next transport, so a wrong choice is never silent.
     */
    default CompletionStage<Link> connect(PeerInfo remote) {
        return connect(remote.id());
    }

    /**
     * A signal from {@code from}: every {@code Offer}/{@code Answer}/{@code IceCandidate}/{@code Relay} the node
     * receives, and the {@link Signal.TransportSignal}s named after this transport. Must not block; must
     * not throw for bad input (see the rule above).
     */
    void onSignal(PeerId from, Signal signal);

    /** The signaling connection came up (possibly to a new leader) or went down. */
    default void signalingChanged(boolean connected) {
    }

    /** Local interfaces changed (e.g. Wi-Fi switched); transports may restart ICE. */
    default void networkChanged() {
    }

    @Override
    void close();
}
