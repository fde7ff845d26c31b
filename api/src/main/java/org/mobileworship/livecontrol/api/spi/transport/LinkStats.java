package org.mobileworship.livecontrol.api.spi.transport;

/**
 * Counters of one link.
 *
 * @param candidatePairType the selected ICE candidate pair ("host/host", ...) for WebRTC, else {@code null}
 */
public record LinkStats(long framesSent, long framesReceived, long bytesSent, long bytesReceived,
                        String candidatePairType) {
    public static final LinkStats EMPTY = new LinkStats(0, 0, 0, 0, null);
}
