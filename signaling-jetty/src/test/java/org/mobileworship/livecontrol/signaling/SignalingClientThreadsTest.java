package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.signaling.Registration;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingListener;
import org.mobileworship.livecontrol.protocol.WireFormat;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingClient;
import org.mobileworship.livecontrol.signaling.internal.JettySignalingServer;
import org.mobileworship.livecontrol.signaling.internal.SignalingSettings;
import org.mobileworship.livecontrol.signaling.support.RawWs;
import org.mobileworship.livecontrol.signaling.support.RecordingListener;

/**
 * The signaling client's threads (issue 17, display footprint): one Jetty pool serves the HttpClient, the
 * WebSocketClient and the listener callbacks, and Jetty's timeouts run on the node's timers, so a connected
 * client adds no WebSocket pool and no scheduler thread of its own; closing it leaves none behind and leaves the
 * node's timers running.
 */
class SignalingClientThreadsTest {
    private static final String CLIENT_POOL = "livecontrol-signaling-client";

    private final ScheduledThreadPoolExecutor serverTimers = new ScheduledThreadPoolExecutor(1);
    private final ScheduledThreadPoolExecutor nodeTimers = new ScheduledThreadPoolExecutor(1,
            r -> new Thread(r, "node-timers"));
    private JettySignalingServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close("test over");
        }
        serverTimers.shutdownNow();
        nodeTimers.shutdownNow();
    }

    private static Registration display(String id) {
        return new Registration(PeerId.of(id), PeerType.display(DisplayClass.STAGE), id, "");
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** Threads started since {@code before}, counted by pool (the name without its trailing number). */
    private static Map<String, Long> startedSince(Set<Thread> before, Set<Thread> started) {
        return started.stream().filter(t -> !before.contains(t))
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("-\\d+$", ""), Collectors.counting()));
    }

    @Test
    void aConnectedClientRunsOnOnePoolAndTheNodeTimers() throws Exception {
        SignalingSettings settings = SignalingSettings.from(key -> Optional.empty());
        server = new JettySignalingServer(settings, serverTimers);
        InetSocketAddress endpoint = server.start(new InetSocketAddress("127.0.0.1", 0), PeerId.of("leader"), 1);
        // the leader's own lazily started threads (its Jetty scheduler, the JDK client's selector) are not the
        // client's: a first connection from a plain JDK WebSocket starts them before the census
        try (RawWs warmUp = RawWs.open(endpoint.getPort(), WireFormat.PROTOBUF.subprotocol())) {
            assertThat(warmUp.ws.isInputClosed()).isFalse();
        }
        // other tests' threads in this JVM (also of earlier clients) are not in the census: only threads started
        // from here on
        Set<Thread> before = liveThreads();

        List<String> callbackThreads = new CopyOnWriteArrayList<>();
        List<Signal> stageHeard = new CopyOnWriteArrayList<>();
        List<Thread> clientThreads = new CopyOnWriteArrayList<>();
        JettySignalingClient stage = new JettySignalingClient(settings, nodeTimers);
        stage.setListener(new SignalingListener() {
            @Override
            public void peerList(List<PeerInfo> peers) {
                callbackThreads.add(Thread.currentThread().getName());
            }

            @Override
            public void signal(PeerId from, Signal signal) {
                callbackThreads.add(Thread.currentThread().getName());
                stageHeard.add(signal);
            }

            @Override
            public void error(String code, String message, PeerId target) {
            }

            @Override
            public void disconnected(String reason) {
            }
        });
        JettySignalingClient booth = new JettySignalingClient(settings, nodeTimers);
        booth.setListener(new RecordingListener());
        try {
            stage.connect(endpoint, display("stage")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            booth.connect(endpoint, new Registration(PeerId.of("booth"), PeerType.controller(), "booth", ""))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            booth.send(PeerId.of("stage"), new Signal.TransportSignal("udp", new byte[] {1, 2, 3})).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> stageHeard.size() == 1);

            // listener callbacks run on the client's pool (its serial event executor), not on a WebSocket pool
            assertThat(callbackThreads).isNotEmpty();
            assertThat(callbackThreads).allMatch(n -> n.startsWith(CLIENT_POOL), "runs on " + CLIENT_POOL);
            Set<Thread> live = liveThreads();
            live.removeAll(before);
            clientThreads.addAll(live.stream().filter(t -> t.getName().startsWith(CLIENT_POOL)).toList());
            Map<String, Long> now = startedSince(before, live);
            Set<String> added = now.keySet().stream()
                    .filter(n -> !n.startsWith("livecontrol-signaling-server")) // the leader's side of the test
                    .collect(Collectors.toSet());
            // no "livecontrol-signaling-ws" pool, no "HttpClient@…-scheduler" thread, no other Jetty pool: the
            // client's pool, and the node's timers its heartbeats and Jetty's timeouts run on
            assertThat(added).containsExactlyInAnyOrder(CLIENT_POOL, "node-timers");
            // two clients, each: selector + reader + listener kept warm, at most the pool's maximum
            assertThat(now.get(CLIENT_POOL)).isBetween(6L, 16L);
        } finally {
            stage.close();
            booth.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clientThreads.stream().noneMatch(Thread::isAlive));
        // the client's Jetty scheduler wraps the node's timers and must not have shut them down
        assertThat(nodeTimers.isShutdown()).isFalse();
        assertThat(nodeTimers.schedule(() -> "still running", 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
                .isEqualTo("still running");
    }

    @Test
    void anUpgradeNobodyAnswersFailsOnTheNodeTimersWithinTheConnectTimeout() throws Exception {
        // a listening socket nobody accepts from: TCP connects (backlog), the WebSocket upgrade is never answered;
        // both Jetty's request timeout and the registration timeout now run on the node's timers
        Map<String, String> cfg = Map.of(SignalingSettings.CONNECT_TIMEOUT, "500ms");
        SignalingSettings settings = SignalingSettings.from(key -> Optional.ofNullable(cfg.get(key)));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             JettySignalingClient client = new JettySignalingClient(settings, nodeTimers)) {
            InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            var connect = client.connect(endpoint, display("stage")).toCompletableFuture();
            assertThatThrownBy(() -> connect.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SignalingException.class)
                    .hasMessageContaining(endpoint.toString());
            assertThat(client.isConnected()).isFalse();
        }
    }
}
