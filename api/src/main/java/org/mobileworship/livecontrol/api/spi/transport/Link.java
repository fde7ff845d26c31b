package org.mobileworship.livecontrol.api.spi.transport;

import org.mobileworship.livecontrol.api.PeerId;

/**
 * An open, ordered, reliable-while-open channel to one peer (a WebRTC data channel, a relay through the
 * leader, ...). Frames sent while the link breaks may be lost; the runtime's acks and retries cover that.
 *
 * <p>Frames that arrive before {@link #setListener} are buffered and handed over when it is called.
 */
public interface Link {

    PeerId remote();

    /** Name of the transport (= its provider's name). */
    String transport();

    LinkEncoding encoding();

    void setListener(LinkListener listener);

    /**
     * Queues a frame. Does not block on the network.
     *
     * @throws TransportException if the link is closed or the frame exceeds the transport's size limit
     */
    void send(byte[] frame);

    boolean isOpen();

    /**
     * Whether the transport itself notices a remote that went away (WebRTC: ICE consent checks and SCTP), so
     * the runtime does not close the link for application silence. A remote peer that never pings (a seed
     * controller sends only when its operator acts) then keeps its link. Default: {@code false}, the runtime
     * closes a link silent for {@code livecontrol.link.timeout}.
     */
    default boolean detectsRemoteLoss() {
        return false;
    }

    LinkStats stats();

    /** Closes the link; the listener gets {@link LinkListener#closed}. Idempotent. */
    void close();
}
