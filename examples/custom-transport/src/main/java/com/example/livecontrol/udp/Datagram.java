package com.example.livecontrol.udp;

import java.nio.ByteBuffer;

/**
 * One UDP datagram of the transport: {@code type (1 byte) | link id (8) | sequence (4) | payload}.
 * DATA carries a frame with its sequence number; ACK acknowledges every DATA up to its sequence number.
 */
record Datagram(byte type, long linkId, int seq, byte[] payload) {
    static final byte CONNECT = 1;
    static final byte CONNECT_ACK = 2;
    static final byte DATA = 3;
    static final byte ACK = 4;
    static final byte CLOSE = 5;
    static final byte KEEPALIVE = 6;
    static final int HEADER_BYTES = 13;

    static Datagram control(byte type, long linkId, int seq) {
        return new Datagram(type, linkId, seq, new byte[0]);
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.put(type).putLong(linkId).putInt(seq).put(payload);
        return b.flip();
    }

    /** The datagram in {@code b}, or {@code null} when it is not one of ours (ignored, never fatal). */
    static Datagram decode(ByteBuffer b) {
        if (b.remaining() < HEADER_BYTES) {
            return null;
        }
        byte type = b.get();
        if (type < CONNECT || type > KEEPALIVE) {
            return null;
        }
        long id = b.getLong();
        int seq = b.getInt();
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Datagram(type, id, seq, payload);
    }
}
