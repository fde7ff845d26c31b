package org.mobileworship.livecontrol.cli;

import io.nayuki.qrcodegen.QrCode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The leader's web pages ({@code /display}, {@code /control}) as URLs another device can open, printed with a
 * terminal QR code of the display URL, so a TV or phone in the room can be pointed at them. With
 * {@code --json}: one {@code pages} event instead.
 */
final class PageLinks {
    private PageLinks() {
    }

    record Links(String display, String control) {
    }

    /**
     * URLs for the signaling server at {@code endpoint}. A loopback or wildcard address (this node leads and
     * binds every interface) is replaced by this machine's first up, non-loopback IPv4 address, which other
     * devices can reach; {@code iface} (the --interface option) wins when given.
     */
    static Links of(InetSocketAddress endpoint, String iface) {
        String host = endpoint.getAddress() != null ? endpoint.getAddress().getHostAddress() : endpoint.getHostString();
        InetAddress a = endpoint.getAddress();
        if (iface != null) {
            host = iface;
        } else if (a == null || a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            String lan = lanAddress();
            if (lan != null) {
                host = lan;
            }
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String base = "http://" + host + ":" + endpoint.getPort();
        return new Links(base + "/display", base + "/control");
    }

    static String lanAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress addr : Collections.list(ni.getInetAddresses())) {
                    if (addr instanceof Inet4Address && !addr.isLinkLocalAddress()) {
                        return addr.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }

    static void print(Console console, Links links) {
        console.json(Console.JSON.createObjectNode().put("event", "pages").put("display", links.display())
                .put("control", links.control()));
        console.line(text(links));
    }

    /** The URLs and the QR code, as lines for people. */
    static String text(Links links) {
        return "pages (open on a TV, phone or tablet in the room):\n"
                + "  display: " + links.display() + "\n"
                + "  remote:  " + links.control() + "\n"
                + qr(links.display());
    }

    /**
     * A QR code in Unicode half blocks (two modules per character, light modules drawn, with the quiet zone),
     * readable from a dark terminal as from paper.
     */
    static String qr(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
        int border = 2;
        StringBuilder out = new StringBuilder();
        for (int y = -border; y < qr.size + border; y += 2) {
            out.append("  ");
            for (int x = -border; x < qr.size + border; x++) {
                boolean topLight = !qr.getModule(x, y);
                boolean bottomLight = !qr.getModule(x, y + 1);
                out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
