package org.mobileworship.livecontrol.signaling;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.v1.Registered;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;
import org.mobileworship.livecontrol.signaling.support.WsWire;

/** A "server" that accepts one client, confirms its registration, then reads and ignores everything. */
final class MuteServer {
    private MuteServer() {
    }

    static void serveOnce(ServerSocket ss, String leaderId) {
        try (Socket s = ss.accept()) {
            WsWire.serverHandshake(s);
            byte[] reg = ProtobufFrameCodec.INSTANCE.encodeSignaling(SignalingFrame.newBuilder().setRegistered(
                    Registered.newBuilder().setPeerId("me").setToken("t").setLeaderId(leaderId).setTerm(1)).build());
            s.getOutputStream().write(WsWire.serverFrame(2, reg));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) != -1) {
                // never answer heartbeats
            }
        } catch (Exception e) {
            // the client went away: done
        }
    }
}
