package org.mobileworship.livecontrol.api.spi.transport;

import java.util.concurrent.CompletionStage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;

/** The runtime's current signaling connection, as transports see it (it survives leader changes). */
public interface SignalSender {

    /** Sends through whichever leader is current; fails if none is connected right now. */
    CompletionStage<Void> send(PeerId target, Signal signal);

    boolean isConnected();
}
