package org.mobileworship.livecontrol.api.spi.transport;

/** Links opened by remote peers (the display side of a controller's {@link Transport#connect}). */
public interface TransportListener {
    void incomingLink(Link link);
}
