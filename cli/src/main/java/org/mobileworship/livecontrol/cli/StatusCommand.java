package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.plugin.support.DaemonThreadFactory;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.RuntimeBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Finds the session on the LAN without joining it: browses discovery for a few seconds, verifies the leader
 * through its {@code /health} endpoint (an mDNS record is not proof of life), prints leader and peers.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Find the session on the network, print its leader and peers, and exit.",
                "With --watch: a live view of the room (leader, every peer with its link and RTT), refreshed until Ctrl-C."})
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--wait", defaultValue = "4", description = "seconds to listen (default 4)")
    int waitSeconds;

    @Option(names = "--watch", description = "join the session read-only and show the room live (links and RTT as "
            + "measured from this machine) until Ctrl-C")
    boolean watch;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "S", description = "--watch: seconds between refreshes (default 1)")
    double intervalSeconds;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "--watch: stop after N refreshes (default: until Ctrl-C)")
    int count;

    @Option(names = "--verbose", description = "full peer ids instead of their first 8 characters")
    boolean verbose;

    @Mixin
    NodeOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system(options.json);
        if (watch) {
            return new StatusWatch(options, Duration.ofMillis(Math.max(100, (long) (intervalSeconds * 1000))), count,
                    new Names(verbose), console, System.out, Terminals.stdoutIsTerminal()).run();
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                DaemonThreadFactory.named("livecontrol-status"));
        Discovery discovery = null;
        try {
            RuntimeBuilder b = LiveControlRuntime.builder();
            options.apply(b.role(PeerType.controller()), "status", "livecontrol-status");
            var plugins = b.resolvePlugins();
            LiveControlConfig cfg = configOf(options);
            PeerId self = PeerId.random();
            discovery = plugins.discovery().create(new ProviderContext() {
                public PeerId localId() {
                    return self;
                }

                public PeerType localType() {
                    return new PeerType.Other("status");
                }

                public String displayName() {
                    return "livecontrol-status";
                }

                public long startedAtMillis() {
                    return Long.MAX_VALUE; // never wins an election
                }

                public Config config() {
                    return cfg;
                }

                public ScheduledExecutorService scheduler() {
                    return scheduler;
                }

                public Clock clock() {
                    return Clock.systemUTC();
                }
            });
            discovery.start(new Announcement(self, new PeerType.Other("status"), "livecontrol-status",
                    Long.MAX_VALUE, null, 0, 0, Announcement.PROTOCOL_VERSION), new DiscoveryListener() {
                        public void peerSeen(DiscoveredPeer peer) {
                        }

                        public void peerGone(PeerId peer) {
                        }
                    });
            Thread.sleep(Duration.ofSeconds(waitSeconds).toMillis());
            List<DiscoveredPeer> peers = discovery.peers();
            Optional<DiscoveredPeer> leader = peers.stream().filter(p -> p.announcement().claimsLeadership())
                    .filter(StatusCommand::healthy).findFirst();
            ObjectNode out = Console.JSON.createObjectNode().put("event", "status");
            out.put("leader", leader.map(p -> p.announcement().peerId().value()).orElse(null));
            var arr = out.putArray("peers");
            for (DiscoveredPeer p : peers) {
                Announcement a = p.announcement();
                boolean isLeader = leader.isPresent() && leader.get().announcement().peerId().equals(a.peerId());
                console.line(String.format("  %-20s %-18s %s%s", a.displayName(), a.peerType(), a.peerId(),
                        isLeader ? "  (leader, " + p.addresses().get(0).getHostAddress() + ":" + a.signalingPort() + ")" : ""));
                arr.addObject().put("id", a.peerId().value()).put("name", a.displayName())
                        .put("type", a.peerType().toString()).put("leader", isLeader);
            }
            console.json(out);
            if (leader.isEmpty()) {
                throw new LiveControlException(ErrorKind.NO_LEADER, "no leader found within " + waitSeconds + " s ("
                        + peers.size() + " peer record(s) seen)");
            }
            console.line("leader: " + leader.get().announcement().displayName());
            DiscoveredPeer l = leader.get();
            PageLinks.print(console, PageLinks.of(new java.net.InetSocketAddress(l.addresses().get(0),
                    l.announcement().signalingPort()), options.iface));
            return 0;
        } catch (LiveControlException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        } finally {
            if (discovery != null) {
                discovery.close();
            }
            scheduler.shutdownNow();
        }
    }

    private static LiveControlConfig configOf(NodeOptions o) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        if (o.iface != null) {
            m.put("livecontrol.discovery.interfaces", o.iface);
        }
        if (o.session != null) {
            m.put("livecontrol.session", o.session);
        }
        return LiveControlConfig.load(m, o.config, System.getenv(), System.getProperties());
    }

    private static boolean healthy(DiscoveredPeer p) {
        if (p.addresses().isEmpty()) {
            return false;
        }
        String host = p.addresses().get(0).getHostAddress();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":"
                    + p.announcement().signalingPort() + "/health")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = Console.JSON.readTree(r.body());
            return r.statusCode() == 200 && p.announcement().peerId().value().equals(n.path("leaderId").asText());
        } catch (Exception e) {
            return false;
        }
    }
}
