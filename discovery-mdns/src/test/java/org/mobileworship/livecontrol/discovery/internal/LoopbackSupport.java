package org.mobileworship.livecontrol.discovery.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Checks that multicast over the loopback interface works here; tests skip (with the reason) if not. */
public final class LoopbackSupport {
    private static Boolean works;
    private static String why = "";

    private LoopbackSupport() {
    }

    /** A random DNS-SD type so parallel test runs (and real rooms) never see each other. */
    public static String uniqueServiceType() {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return "_lct" + HexFormat.of().formatHex(b) + "._tcp.local.";
    }

    public static synchronized void assumeLoopbackMulticast() {
        if (works == null) {
            works = probe();
        }
        assumeTrue(works, "multicast over 127.0.0.1 does not work here: " + why);
    }

    private static boolean probe() {
        InetAddress group;
        try {
            group = InetAddress.getByName("239.255.77.77");
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            try (MulticastSocket s = new MulticastSocket(0)) {
                s.setNetworkInterface(lo);
                s.joinGroup(new InetSocketAddress(group, 0), lo);
                s.setSoTimeout(2000);
                byte[] msg = "livecontrol-probe".getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(msg, msg.length, group, s.getLocalPort()));
                DatagramPacket p = new DatagramPacket(new byte[64], 64);
                s.receive(p);
                return true;
            }
        } catch (SocketTimeoutException e) {
            why = "no loopback multicast datagram received within 2 s";
            return false;
        } catch (Exception e) {
            why = e.toString();
            return false;
        }
    }
}
