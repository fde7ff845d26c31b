package com.example.livecontrol.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The transport's own signaling, carried as the opaque payload of livecontrol {@code TransportSignal}s:
 * UTF-8 text {@code udp/1 <kind> <link id hex> [<ip> <port>]}.
 * <ul>
 *   <li>{@code hello} (controller → display): "open link {@code id}; my datagrams come from ip:port"</li>
 *   <li>{@code welcome} (display → controller): "send datagrams for {@code id} to ip:port"</li>
 *   <li>{@code bye} (either way): "link {@code id} is closed"</li>
 * </ul>
 */
record Handshake(String kind, long linkId, InetSocketAddress address) {
    static final String HELLO = "hello";
    static final String WELCOME = "welcome";
    static final String BYE = "bye";
    private static final String VERSION = "udp/1";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    byte[] encode() {
        String text = VERSION + " " + kind + " " + Long.toHexString(linkId)
                + (address == null ? "" : " " + address.getAddress().getHostAddress() + " " + address.getPort());
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a payload; anything else fails with the reason (the caller ignores it: never harms a link). */
    static Handshake parse(byte[] payload) {
        if (payload.length > 256) {
            throw new IllegalArgumentException(payload.length + " bytes is not a handshake");
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).trim().split(" ");
        if (parts.length < 3 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " handshake");
        }
        long id;
        try {
            id = Long.parseUnsignedLong(parts[2], 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad link id '" + parts[2] + "'");
        }
        switch (parts[1]) {
            case BYE -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("bye takes no address");
                }
                return new Handshake(BYE, id, null);
            }
            case HELLO, WELCOME -> {
                if (parts.length != 5) {
                    throw new IllegalArgumentException(parts[1] + " needs an address and a port");
                }
                InetAddress ip = literalAddress(parts[3]).orElseThrow(() ->
                        new IllegalArgumentException("bad address '" + parts[3] + "'"));
                int port;
                try {
                    port = Integer.parseInt(parts[4]);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("bad port '" + parts[4] + "'");
                }
                return new Handshake(parts[1], id, new InetSocketAddress(ip, port));
            }
            default -> throw new IllegalArgumentException("unknown kind '" + parts[1] + "'");
        }
    }

    /** An IP literal, never a name (no DNS lookup happens for literals). */
    static Optional<InetAddress> literalAddress(String text) {
        if (!IPV4.matcher(text).matches() && !text.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
