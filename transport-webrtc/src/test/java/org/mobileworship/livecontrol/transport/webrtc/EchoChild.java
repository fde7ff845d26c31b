package org.mobileworship.livecontrol.transport.webrtc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.transport.webrtc.internal.WebRtcTransport;

/**
 * Child JVM of {@link SeparateJvmTest}: one display transport that echoes every frame. Signals travel as
 * lines on stdin (from the parent) and stdout (to the parent). Args: own id, parent id.
 */
public final class EchoChild {
    public static void main(String[] args) throws Exception {
        PeerId self = PeerId.of(args[0]);
        PeerId parent = PeerId.of(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but signals on the real stdout
        TestNodes.Node node = new TestNodes.Node(self, org.mobileworship.livecontrol.api.PeerType.display(
                org.mobileworship.livecontrol.api.DisplayClass.STAGE), Map.of());
        node.wire = (to, s) -> {
            synchronized (out) {
                out.println(LineSignaling.encode(s));
            }
        };
        WebRtcTransport transport = (WebRtcTransport) new WebRtcTransportProvider().create(node);
        transport.start(link -> link.setListener(new LinkListener() {
            @Override
            public void frame(byte[] frame) {
                link.send(frame);
            }

            @Override
            public void closed(String reason) {
                System.err.println("child: link closed: " + reason);
            }
        }));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Signal s = LineSignaling.decode(line);
            if (s != null) {
                transport.onSignal(parent, s);
            }
        }
        transport.close();
        node.close();
    }
}
