package org.mobileworship.livecontrol.signaling.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Hand-made WebSocket bytes, for tests that need a client or server to misbehave at the socket level. */
public final class WsWire {
    private WsWire() {
    }

    /** Does a client handshake on {@code s}; returns once the 101 response headers are read. */
    public static void clientHandshake(Socket s, int port, String subprotocol) throws IOException {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        String req = "GET /signaling HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        String head = readHead(s.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
    }

    /** A masked client frame (opcode 1 text, 2 binary). */
    public static byte[] clientFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        header(out, payload.length, true);
        byte[] mask = {1, 2, 3, 4};
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }

    /** An unmasked server frame. */
    public static byte[] serverFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        header(out, payload.length, false);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int len, boolean masked) {
        int m = masked ? 0x80 : 0;
        if (len < 126) {
            out.write(m | len);
        } else if (len < 65536) {
            out.write(m | 126);
            out.write(len >> 8);
            out.write(len & 0xff);
        } else {
            out.write(m | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (((long) len >> (8 * i)) & 0xff));
            }
        }
    }

    public static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                return b.toString();
            }
        }
        throw new IOException("connection closed during handshake: " + b);
    }

    /** Server side of the handshake: reads the request, answers 101 with the requested subprotocol. */
    public static void serverHandshake(Socket s) throws Exception {
        String head = readHead(s.getInputStream());
        String key = null;
        String proto = null;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("sec-websocket-protocol:")) {
                proto = line.substring(line.indexOf(':') + 1).trim().split(",")[0].trim();
            }
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (proto == null ? "" : "Sec-WebSocket-Protocol: " + proto + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
