package org.mobileworship.livecontrol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;

/**
 * livecontrol's own pages and web client in headless Debian chromium against Java nodes, everything on this
 * machine: Java nodes bind signaling to 127.0.0.1 and browse mDNS on 127.0.0.1 only; the pages load from
 * {@code http://127.0.0.1:<port>}. Screenshots go to {@code web/target/browser-screenshots/}.
 */
@Tag("browser")
class BrowserTest extends ChromiumSession {
    private static final Path SHOTS = Path.of("target", "browser-screenshots");

    BrowserTest() {
        super("browser");
    }

    /** Opens {@code path} of the node serving on {@code port}, in this test's session. */
    private void open(String page, int port, String path, int width, int height) {
        String url = "http://127.0.0.1:" + port + path + (path.contains("?") ? "&" : "?") + "session=" + session;
        browser.open(page, url, width, height);
        pages.add(page);
    }

    private String text(String page, String js) {
        JsonNode v = browser.eval(page, js);
        return v.isNull() ? null : v.asText();
    }

    private static PeerId browserDisplay(LiveControl controller, PeerId... notThese) {
        Set<PeerId> excluded = Set.of(notThese);
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.connectedPeers().stream()
                .anyMatch(p -> p.type().isDisplay() && !excluded.contains(p.id())));
        return controller.connectedPeers().stream().filter(p -> p.type().isDisplay() && !excluded.contains(p.id()))
                .map(PeerInfo::id).findFirst().orElseThrow();
    }

    @Test
    void chromiumDisplayShowsTheSlideThenBlackFromAJavaController() throws Exception {
        LiveControl controller = nodes.node(PeerType.controller(), "java-controller");
        InetSocketAddress ep = LoopbackNodes.leaderEndpoint(controller);
        open("tv", ep.getPort(), "/display?name=Stage%20TV&class=stage&debug", 1920, 1080);
        PeerId tv = browserDisplay(controller);
        PeerInfo info = controller.peers().stream().filter(p -> p.id().equals(tv)).findFirst().orElseThrow();
        assertThat(info.encodings()).as("the web client declares json only")
                .containsExactly(org.mobileworship.livecontrol.api.spi.transport.LinkEncoding.JSON);

        Delivery slide = controller.send(tv, new LiveControlMessage.Slide("sunday", "amazing-grace", 3))
                .get(15, TimeUnit.SECONDS);
        assertThat(slide.transport()).isEqualTo("webrtc");
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(text("tv", "document.body.dataset.slide")));
        assertThat(text("tv", "document.getElementById('item').textContent")).isEqualTo("amazing-grace");
        assertThat(text("tv", "document.body.dataset.black")).isEqualTo("false");
        browser.screenshot("tv", SHOTS.resolve("display-slide-1920x1080.png"));

        controller.send(tv, new LiveControlMessage.Black("sunday", true)).get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(text("tv", "document.body.dataset.black")));
        assertThat(text("tv", "getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(0, 0, 0)");
        assertThat(text("tv", "getComputedStyle(document.querySelector('main')).visibility")).isEqualTo("hidden");
        browser.screenshot("tv", SHOTS.resolve("display-black-1920x1080.png"));
        assertThat(text("tv", "document.getElementById('indicator').dataset.status")).isEqualTo("connected");
    }

    @Test
    void chromiumDisplayWithDefaultMdnsCandidatesConnectsOnAPhoneSizedScreen() throws Exception {
        LiveControl controller = nodes.node(PeerType.controller(), "java-controller");
        InetSocketAddress ep = LoopbackNodes.leaderEndpoint(controller);
        open("phone", ep.getPort(), "/display?name=Phone", 390, 844);
        PeerId phone = browserDisplay(controller);
        controller.send(phone, new LiveControlMessage.Slide("sunday", "song-2", 12)).get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> "12".equals(text("phone", "document.body.dataset.slide")));
        JsonNode candidates = browser.eval("phone",
                "[...livecontrol.links.values()].flatMap(l => l.localCandidates)");
        List<String> host = new ArrayList<>();
        candidates.forEach(c -> {
            if (c.asText().contains(" typ host")) {
                host.add(c.asText());
            }
        });
        assertThat(host).as("Chromium's default host candidates hide the address behind an mDNS name")
                .isNotEmpty().allMatch(c -> c.contains(".local "));
        browser.screenshot("phone", SHOTS.resolve("display-slide-phone.png"));
    }

    @Test
    void chromiumControlPageDrivesAJavaDisplay() throws Exception {
        LiveControl display = nodes.node(PeerType.display(DisplayClass.AUDIENCE), "java-display");
        InetSocketAddress ep = LoopbackNodes.leaderEndpoint(display);
        open("remote", ep.getPort(), "/control?name=Phone%20remote&event=sunday", 390, 844);
        await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(text("remote", "document.body.dataset.openDisplays")));

        browser.fill("remote", "#item", "song-7");
        browser.fill("remote", "#index", "5");
        browser.click("remote", "#go");
        await().atMost(Duration.ofSeconds(10)).until(() -> display.liveState().itemId().equals("song-7")
                && display.liveState().slideIndex() == 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(text("remote", "document.body.dataset.lastAcked")));
        browser.click("remote", "#next");
        await().atMost(Duration.ofSeconds(10)).until(() -> display.liveState().slideIndex() == 6);
        browser.click("remote", "#black-on");
        await().atMost(Duration.ofSeconds(10)).until(() -> display.liveState().black());
        browser.click("remote", "#black-off");
        await().atMost(Duration.ofSeconds(10)).until(() -> !display.liveState().black());
        // the page shows the leader and the display with its RTT (the Java display declared encodings: pinged)
        await().atMost(Duration.ofSeconds(10)).until(() -> text("remote", "document.getElementById('peers').textContent")
                .contains(" ms"));
        assertThat(text("remote", "document.getElementById('status').textContent")).contains(display.id().value());
        browser.screenshot("remote", SHOTS.resolve("control-phone.png"));
    }

    @Test
    void aTvBookmarkOfANodeThatDoesNotLeadStillLoadsAndFindsTheLeader() throws Exception {
        // The TV's bookmark points at the operator's controller, but a display leads this morning: the controller
        // serves the page while it follows, and the page finds the leader through the controller's /health.
        LiveControl leaderDisplay = nodes.node(PeerType.display(DisplayClass.STAGE), "leader-display");
        int leaderPort = LoopbackNodes.leaderEndpoint(leaderDisplay).getPort();
        LiveControl controller = nodes.node(PeerType.controller(), "java-controller",
                "livecontrol.election.discovery-wait", "10s");
        await().atMost(Duration.ofSeconds(60)).until(() -> controller.leaderStatus().leaderId() != null
                && controller.leaderStatus().leaderId().equals(leaderDisplay.id())
                && health(leaderPort).path("leaderCandidates").size() >= 2);
        int controllerPort = -1;
        for (JsonNode c : health(leaderPort).path("leaderCandidates")) {
            int port = Integer.parseInt(c.asText().substring(c.asText().lastIndexOf(':') + 1));
            if (port != leaderPort) {
                controllerPort = port;
            }
        }
        JsonNode standby = health(controllerPort);
        assertThat(standby.path("standby").asBoolean()).as("the follower's port answers as a standby: %s", standby)
                .isTrue();
        assertThat(standby.path("leaderEndpoint").asText()).endsWith(":" + leaderPort);

        open("tv", controllerPort, "/display?name=Bookmarked%20TV", 1280, 720);
        PeerId tv = browserDisplay(controller, leaderDisplay.id());
        assertThat(text("tv", "livecontrol.leader.leaderId")).isEqualTo(leaderDisplay.id().value());
        controller.send(tv, new LiveControlMessage.Slide("sunday", "bookmarked", 7)).get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> "7".equals(text("tv", "document.body.dataset.slide")));
        assertThat(text("tv", "document.getElementById('item').textContent")).isEqualTo("bookmarked");
    }

    /** A stop of the leader: graceful (close) or a crash (SIGKILL of its JVM). */
    private interface LeaderStop {
        void stop() throws Exception;
    }

    @Test
    void chromiumDisplayKeepsReceivingCuesWhenItsLeaderStopsAndReRegistersWithTheNewLeader() throws Exception {
        // The leader is a Java display in this JVM, stopped with close(): its server, links and election end at once.
        LiveControl leaderDisplay = nodes.node(PeerType.display(DisplayClass.STAGE), "leader-display");
        LoopbackNodes.leaderEndpoint(leaderDisplay);
        failover(leaderDisplay.id(), leaderDisplay::close, "stopped");
    }

    @Test
    void chromiumDisplayKeepsReceivingCuesWhenItsLeadersProcessIsKilled() throws Exception {
        // The leader is a Java display in a JVM of its own, killed with SIGKILL mid-service: no goodbye at all.
        NodeProcess leader = nodes.closeLater(NodeProcess.display(session, "leader-process"));
        leader.awaitLeading();
        failover(leader.id, leader::kill, "killed (SIGKILL)");
    }

    private void failover(PeerId leaderPeer, LeaderStop stopLeader, String how) throws Exception {
        String leaderId = leaderPeer.value();
        // a long discovery wait: on a loaded machine the controller must see the running leader before it would
        // claim leadership itself (a controller outranks a display, so a split would end with it leading)
        LiveControl controller = nodes.node(PeerType.controller(), "java-controller",
                "livecontrol.election.discovery-wait", "10s");
        await().atMost(Duration.ofSeconds(60)).until(() -> controller.leaderStatus().leaderId() != null
                && controller.leaderStatus().leaderId().value().equals(leaderId)
                && controller.leaderStatus().endpoint() != null);
        int leaderPort = controller.leaderStatus().endpoint().getPort();
        // the controller must be registered (its signalingEndpoint is how the page learns where it would lead)
        await().atMost(Duration.ofSeconds(30)).until(() -> health(leaderPort).path("leaderCandidates").size() >= 2);
        open("tv", leaderPort, "/display?name=Failover%20TV", 1280, 720);
        PeerId tv = browserDisplay(controller, PeerId.of(leaderId));
        browser.eval("tv", "window.__got = new Set(); livecontrol.addEventListener('message', "
                + "e => window.__got.add(e.detail.messageId)); true");
        assertThat(text("tv", "livecontrol.leader.leaderId")).isEqualTo(leaderId);

        // cues every 100 ms from before the kill until after the browser found the new leader
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Delivery>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        // one cue every 100 ms (the operator's pace) from a scheduler: a steady rate, not a test wait
        java.util.concurrent.ScheduledExecutorService sender = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "cue-sender");
                    t.setDaemon(true); // a failed assertion before shutdown() must not keep the JVM alive
                    return t;
                });
        java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
        sender.scheduleAtFixedRate(() -> {
            CompletableFuture<Delivery> f = controller.send(tv,
                    new LiveControlMessage.Slide("sunday", "failover", index.incrementAndGet()));
            sent.add(f);
            f.whenComplete((d, e) -> {
                if (e == null) {
                    acked.add(d.messageId());
                } else {
                    failed.add(e.getMessage());
                }
            });
        }, 0, 100, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= 5);

        long stoppedAt = System.nanoTime();
        stopLeader.stop();
        int ackedAtKill = acked.size();

        await().atMost(Duration.ofSeconds(60)).until(() -> controller.leaderStatus().self());
        // the page found the new leader by itself and registered with it
        await().atMost(Duration.ofSeconds(60)).until(() -> controller.id().value().equals(text("tv",
                "livecontrol.leader.connected ? livecontrol.leader.leaderId : null")));
        long reRegisteredMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertThat(text("tv", "document.getElementById('indicator').dataset.leader")).isEqualTo(controller.id().value());
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= ackedAtKill + 10);
        sender.shutdown();
        assertThat(sender.awaitTermination(5, TimeUnit.SECONDS)).as("cue sender stopped").isTrue();
        // every send completes within its deadline: acked or failed with a reason
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(30, TimeUnit.SECONDS);

        Set<String> got = new HashSet<>();
        browser.eval("tv", "[...window.__got]").forEach(n -> got.add(n.asText()));
        assertThat(acked).as("every cue the browser acked was applied there (0 acked cues lost)").isSubsetOf(got);
        assertThat(failed).as("no cue failed across the failover").isEmpty();
        System.err.printf("browser failover, leader %s: %d cues acked (%d before), all applied in Chromium;"
                + " the page registered with the new leader %d ms after%n", how, acked.size(), ackedAtKill,
                reRegisteredMs);
        browser.screenshot("tv", SHOTS.resolve("display-after-failover.png"));
    }

    private static JsonNode health(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return SeedJsonPeer.JSON.readTree(r.body());
        } catch (Exception e) {
            return SeedJsonPeer.JSON.createObjectNode();
        }
    }
}
