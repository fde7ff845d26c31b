package org.mobileworship.livecontrol.discovery.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.election.Election;
import org.mobileworship.livecontrol.api.spi.election.ElectionContext;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.election.LeaderProbe;
import org.mobileworship.livecontrol.api.spi.election.Leadership;
import org.mobileworship.livecontrol.discovery.MdnsDiscoveryProvider;
import org.mobileworship.livecontrol.election.BullyElectionProvider;

/**
 * One node in its own JVM: real mdns discovery on 127.0.0.1 + real Bully election; the signaling server is
 * stood in for by a tiny HTTP health server, and the runtime's heartbeat by probing it every 500 ms.
 * Prints {@code STATUS <leader|-> <self> <term>} lines; exits on "quit" or end of stdin.
 * Args: peerId controller|display startedAtMillis serviceType
 */
public final class ClusterNodeMain {
    public static void main(String[] args) throws Exception {
        PeerId id = PeerId.of(args[0]);
        PeerType type = args[1].equals("controller") ? PeerType.controller() : PeerType.display(DisplayClass.AUDIENCE);
        TestContext base = new TestContext(id, type, args[0].substring(0, 6), Long.parseLong(args[2]))
                .with("livecontrol.discovery.interfaces", "127.0.0.1")
                .with("livecontrol.discovery.service-type", args[3]);
        Discovery discovery = new MdnsDiscoveryProvider().create(base);
        AtomicReference<DiscoveryListener> forward = new AtomicReference<>();
        discovery.start(base.announcement(), new DiscoveryListener() {
            @Override
            public void peerSeen(DiscoveredPeer peer) {
                DiscoveryListener l = forward.get();
                if (l != null) {
                    l.peerSeen(peer);
                }
            }

            @Override
            public void peerGone(PeerId peer) {
                DiscoveryListener l = forward.get();
                if (l != null) {
                    l.peerGone(peer);
                }
            }
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        LeaderProbe probe = (ep, timeout) -> {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + ep.getAddress().getHostAddress() + ":"
                    + ep.getPort() + "/health")).timeout(timeout).build();
            CompletionStage<Optional<LeaderHealth>> r = http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                    .thenApply(resp -> {
                        String[] parts = resp.body().trim().split(" ");
                        return Optional.of(new LeaderHealth(PeerId.of(parts[0]), Long.parseLong(parts[1]), 0));
                    })
                    .exceptionally(e -> Optional.empty());
            return r;
        };
        AtomicReference<HttpServer> server = new AtomicReference<>();
        AtomicLong servingTerm = new AtomicLong();
        Leadership leadership = new Leadership() {
            @Override
            public synchronized InetSocketAddress startServing(long term) {
                servingTerm.set(term);
                if (server.get() == null) {
                    try {
                        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
                        s.createContext("/health", ex -> {
                            byte[] b = (id + " " + servingTerm.get()).getBytes(StandardCharsets.UTF_8);
                            ex.sendResponseHeaders(200, b.length);
                            ex.getResponseBody().write(b);
                            ex.close();
                        });
                        s.start();
                        server.set(s);
                    } catch (java.io.IOException e) {
                        throw new org.mobileworship.livecontrol.api.LiveControlException("cannot serve", e);
                    }
                }
                return server.get().getAddress();
            }

            @Override
            public synchronized void stopServing(String reason) {
                HttpServer s = server.getAndSet(null);
                if (s != null) {
                    s.stop(0);
                }
            }
        };
        ElectionContext ectx = new ElectionContext() {
            @Override
            public Discovery discovery() {
                return discovery;
            }

            @Override
            public LeaderProbe probe() {
                return probe;
            }

            @Override
            public Leadership leadership() {
                return leadership;
            }

            @Override
            public PeerId localId() {
                return base.localId();
            }

            @Override
            public PeerType localType() {
                return base.localType();
            }

            @Override
            public String displayName() {
                return base.displayName();
            }

            @Override
            public long startedAtMillis() {
                return base.startedAtMillis();
            }

            @Override
            public Config config() {
                return base.config();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return base.scheduler();
            }

            @Override
            public Clock clock() {
                return base.clock();
            }
        };
        Election election = new BullyElectionProvider().create(ectx);
        forward.set((DiscoveryListener) election);
        election.start(s -> System.out.println("STATUS " + (s.leaderId() == null ? "-" : s.leaderId()) + " "
                + s.self() + " " + s.term()));
        AtomicInteger misses = new AtomicInteger();
        base.scheduler().scheduleWithFixedDelay(() -> {
            LeaderStatus s = election.status();
            if (!s.hasLeader() || s.self() || s.endpoint() == null) {
                misses.set(0);
                return;
            }
            Optional<LeaderHealth> h = probe.probe(s.endpoint(), Duration.ofMillis(400)).toCompletableFuture().join();
            if (h.isPresent()) {
                misses.set(0);
            } else if (misses.incrementAndGet() >= 2) {
                misses.set(0);
                election.leaderUnreachable(s.leaderId(), "2 heartbeats missed");
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        System.out.println("READY " + id);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // wait
        }
        election.close();
        discovery.close();
        CompletableFuture.runAsync(() -> { }).join();
        System.exit(0);
    }
}
