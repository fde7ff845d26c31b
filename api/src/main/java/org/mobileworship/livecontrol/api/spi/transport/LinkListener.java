package org.mobileworship.livecontrol.api.spi.transport;

/** Receives a link's frames, in order, one at a time, on the transport's thread; must return quickly. */
public interface LinkListener {

    void frame(byte[] frame);

    /** The link closed for good (the transport will not reopen this object). Called at most once. */
    void closed(String reason);
}
