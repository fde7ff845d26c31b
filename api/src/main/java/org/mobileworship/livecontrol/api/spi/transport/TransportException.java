package org.mobileworship.livecontrol.api.spi.transport;

import org.mobileworship.livecontrol.api.LiveControlException;

/** A transport could not open a link or send a frame; the message names the peer and the reason. */
public class TransportException extends LiveControlException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
