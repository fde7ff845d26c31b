package org.mobileworship.livecontrol.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A peer of the project's own making that speaks only what the seed document defines: JSON signaling with
 * a {@code register} that declares nothing (no {@code encodings}, no subprotocol) and the seed's JSON on a
 * real webrtc-java data channel. It never pings. Used to catch a Java node choosing an encoding or a
 * keepalive that a seed client (browser, Tauri webview) does not have.
 *
 * <p>As a display it answers offers, acks cues and answers pings; as a controller it opens a
 * {@code live-control} channel with no protocol and sends cues only when told.
 */
final class SeedJsonPeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final String peerId;
    private final String peerType;
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    /** Every webrtc-java call happens on this thread; callbacks hop here. */
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seed-peer-control");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seed-peer-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private WebSocket ws;
    private RTCPeerConnection pc;
    private volatile RTCDataChannel channel;
    private volatile boolean closed;

    final CompletableFuture<Void> registered = new CompletableFuture<>();
    final CopyOnWriteArrayList<JsonNode> peerLists = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<JsonNode> signalingErrors = new CopyOnWriteArrayList<>();
    /** Every data-channel message received, as parsed JSON (text frames only). */
    final CopyOnWriteArrayList<JsonNode> received = new CopyOnWriteArrayList<>();
    final AtomicInteger binaryFrames = new AtomicInteger();
    volatile String channelProtocol;
    volatile boolean channelOpen;
    volatile String remotePeerId;

    private SeedJsonPeer(String peerId, String peerType) {
        this.peerId = peerId;
        this.peerType = peerType;
    }

    static SeedJsonPeer display(String peerId) {
        return new SeedJsonPeer(peerId, "display");
    }

    static SeedJsonPeer controller(String peerId) {
        return new SeedJsonPeer(peerId, "controller");
    }

    /** Connects to {@code ws://endpoint/signaling} with no subprotocol and registers (seed shape, session). */
    SeedJsonPeer connect(InetSocketAddress endpoint, String session) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + endpoint.getHostString() + ":" + endpoint.getPort() + "/signaling"),
                        new Listener())
                .get(10, TimeUnit.SECONDS);
        ObjectNode reg = JSON.createObjectNode().put("type", "register").put("peerId", peerId)
                .put("peerType", peerType).put("displayName", "seed " + peerType);
        if (peerType.equals("display")) {
            reg.put("displayClass", "audience");
        }
        reg.put("session", session);
        sendSignal(reg);
        // the seed's own heartbeat: the server drops connections that send nothing
        timer.scheduleAtFixedRate(() -> sendSignal(JSON.createObjectNode().put("type", "heartbeat")
                .put("timestamp", System.currentTimeMillis())), 1, 1, TimeUnit.SECONDS);
        registered.get(10, TimeUnit.SECONDS);
        return this;
    }

    private final Object wsLock = new Object();

    private void sendSignal(JsonNode frame) {
        synchronized (wsLock) {
            if (closed || ws == null) {
                return;
            }
            ws.sendText(frame.toString(), true).join();
        }
    }

    /** Controller role: offers a live-control channel with no protocol to {@code display}. */
    void offerTo(String display) {
        remotePeerId = display;
        control.execute(() -> {
            pc = factory.createPeerConnection(new RTCConfiguration(), new Observer());
            RTCDataChannelInit init = new RTCDataChannelInit();
            init.ordered = true;
            attach(pc.createDataChannel("live-control", init));
            pc.createOffer(new RTCOfferOptions(), create(desc -> pc.setLocalDescription(desc, set(() ->
                    sendSignal(JSON.createObjectNode().put("type", "offer").put("targetPeerId", display)
                            .put("sdp", desc.sdp))))));
        });
    }

    /** Sends one data-channel message (text JSON). */
    void sendData(JsonNode frame) {
        RTCDataChannel dc = channel;
        if (dc == null) {
            throw new IllegalStateException("no data channel yet");
        }
        byte[] bytes = frame.toString().getBytes(StandardCharsets.UTF_8);
        control.execute(() -> {
            try {
                dc.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    List<JsonNode> receivedOfType(String type) {
        return received.stream().filter(n -> type.equals(n.path("type").asText())).toList();
    }

    private void onSignal(JsonNode f) {
        switch (f.path("type").asText()) {
            case "registered" -> registered.complete(null);
            case "peer-list" -> peerLists.add(f);
            case "error" -> {
                signalingErrors.add(f);
                if (!registered.isDone()) {
                    registered.completeExceptionally(new IllegalStateException(f.toString()));
                }
            }
            case "offer" -> control.execute(() -> answer(f.path("fromPeerId").asText(), f.path("sdp").asText()));
            case "answer" -> control.execute(() -> pc.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.ANSWER, f.path("sdp").asText()), set(this::remoteSet)));
            case "ice-candidate" -> control.execute(() -> {
                String c = f.path("candidate").asText();
                if (!c.isEmpty()) { // "" = end of candidates
                    RTCIceCandidate candidate = new RTCIceCandidate(f.path("sdpMid").asText(),
                            f.path("sdpMLineIndex").asInt(), c);
                    if (remoteDescriptionSet) {
                        pc.addIceCandidate(candidate);
                    } else {
                        pendingCandidates.add(candidate); // the description's callback has not run yet
                    }
                }
            });
            default -> {
            }
        }
    }

    private boolean remoteDescriptionSet;
    private final java.util.ArrayList<RTCIceCandidate> pendingCandidates = new java.util.ArrayList<>();

    private void remoteSet() {
        remoteDescriptionSet = true;
        pendingCandidates.forEach(pc::addIceCandidate);
        pendingCandidates.clear();
    }

    private void answer(String from, String sdp) {
        remotePeerId = from;
        if (pc != null) {
            pc.close();
        }
        remoteDescriptionSet = false;
        pc = factory.createPeerConnection(new RTCConfiguration(), new Observer());
        pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp), set(() -> {
            remoteSet();
            pc.createAnswer(new RTCAnswerOptions(), create(desc -> pc.setLocalDescription(desc, set(() ->
                        sendSignal(JSON.createObjectNode().put("type", "answer").put("targetPeerId", from)
                                .put("sdp", desc.sdp))))));
        }));
    }

    private void attach(RTCDataChannel dc) {
        channel = dc;
        channelProtocol = dc.getProtocol();
        dc.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
            }

            @Override
            public void onStateChange() {
                RTCDataChannelState s = dc.getState();
                channelOpen = s == RTCDataChannelState.OPEN;
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                byte[] b = new byte[buffer.data.remaining()];
                buffer.data.get(b);
                if (buffer.binary) {
                    binaryFrames.incrementAndGet(); // a seed peer cannot read these
                    return;
                }
                try {
                    JsonNode n = JSON.readTree(b);
                    received.add(n);
                    onData(n);
                } catch (Exception e) {
                    binaryFrames.incrementAndGet();
                }
            }
        });
    }

    /** What a seed display answers: ack for cues (no revision of its own), pong for pings. */
    private void onData(JsonNode n) {
        if (!peerType.equals("display")) {
            return;
        }
        switch (n.path("type").asText()) {
            case "slide", "black", "sync" -> sendData(JSON.createObjectNode().put("type", "ack")
                    .put("messageId", n.path("messageId").asText()));
            case "ping" -> sendData(JSON.createObjectNode().put("type", "pong")
                    .put("timestamp", n.path("timestamp").asLong()));
            default -> {
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        CompletableFuture<Void> done = new CompletableFuture<>();
        control.execute(() -> {
            try {
                RTCDataChannel dc = channel;
                if (dc != null) {
                    dc.unregisterObserver();
                    dc.close();
                    dc.dispose();
                }
                if (pc != null) {
                    pc.close();
                }
                factory.dispose();
                audio.dispose();
            } finally {
                done.complete(null);
            }
        });
        done.orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
        control.shutdownNow();
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    onSignal(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    signalingErrors.add(JSON.createObjectNode().put("unparsable", text.toString()));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate c) {
            String target = remotePeerId;
            sendSignal(JSON.createObjectNode().put("type", "ice-candidate").put("targetPeerId", target)
                    .put("candidate", c.sdp).put("sdpMid", c.sdpMid == null ? "0" : c.sdpMid)
                    .put("sdpMLineIndex", c.sdpMLineIndex));
        }

        @Override
        public void onDataChannel(RTCDataChannel dc) {
            control.execute(() -> attach(dc));
        }
    }

    private CreateSessionDescriptionObserver create(Consumer<RTCSessionDescription> next) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                control.execute(() -> next.accept(d));
            }

            @Override
            public void onFailure(String error) {
                signalingErrors.add(JSON.createObjectNode().put("webrtc", error));
            }
        };
    }

    private SetSessionDescriptionObserver set(Runnable next) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                control.execute(next);
            }

            @Override
            public void onFailure(String error) {
                signalingErrors.add(JSON.createObjectNode().put("webrtc", error));
            }
        };
    }
}
