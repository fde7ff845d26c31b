package org.mobileworship.livecontrol.transport.webrtc.internal;

/** A WebRTC link's connection state (the seed-002 state machine); only {@link #CONNECTED} is open. */
public enum LinkState {
    NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED
}
