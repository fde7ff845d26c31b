package com.example.livecontrol.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerInfo;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.Provider;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.Plugins;
import org.slf4j.LoggerFactory;

/**
 * Real nodes built from the classpath (mDNS on 127.0.0.1, the Bully election, Jetty signaling, and the
 * transports: WebRTC, this plugin, the relay), with the testkit on the classpath too.
 */
class TwoNodeCueTest {

    private static LiveControl.Builder local(LiveControl.Builder b, String session) {
        return b.config("livecontrol.discovery.interfaces", "127.0.0.1")
                .config("livecontrol.signaling.bind-address", "127.0.0.1")
                .config("livecontrol.signaling.port", "0")
                .config("livecontrol.session", session)
                // two throw-away nodes on loopback: no devices to pair (a real room runs paired, the default)
                .config("livecontrol.security", "open");
    }

    @Test
    void theClasspathGivesTheRealPluginsAndThisTransportButNothingFromTheTestkit() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            Plugins plugins = LiveControlRuntime.builder().role(PeerType.controller()).resolvePlugins();
            assertThat(plugins.discovery().name()).isEqualTo("mdns");
            assertThat(plugins.election().name()).isEqualTo("bully");
            assertThat(plugins.signaling().name()).isEqualTo("jetty");
            assertThat(plugins.transports()).extracting(Provider::name).containsExactly("webrtc", "udp", "relay");
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.startsWith("Several"));
    }

    @Test
    void aBadPluginKeyFailsAtBuildNamingTheKey() {
        assertThatThrownBy(() -> LiveControl.builder().role(PeerType.controller())
                .config("livecontrol.udp.bind-address", "0.0.0.0").build())
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("plugin 'udp'")
                .hasMessageContaining("livecontrol.udp.bind-address");
    }

    @Test
    void aControllerCuesADisplayOverThisTransport() throws Exception {
        String session = "udp-example-" + UUID.randomUUID();
        try (LiveControl display = local(LiveControl.builder().role(PeerType.display(DisplayClass.STAGE))
                .displayName("stage"), session).config("livecontrol.transports", "udp").build();
             LiveControl controller = local(LiveControl.builder().role(PeerType.controller())
                .displayName("booth"), session).config("livecontrol.transports", "udp").build()) {
            display.start();
            controller.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> controller.connectedPeers().stream()
                    .anyMatch(PeerInfo::connected));
            assertThat(controller.connectedPeers()).filteredOn(PeerInfo::connected)
                    .extracting(PeerInfo::transport).containsExactly("udp");

            for (int slide = 1; slide <= 20; slide++) {
                Map<PeerId, CompletableFuture<Delivery>> acks = controller.broadcast(
                        new LiveControlMessage.Slide("sunday", "song-1", slide), Audience.displays());
                assertThat(acks).containsOnlyKeys(display.id());
                Delivery d = acks.get(display.id()).get(10, TimeUnit.SECONDS);
                assertThat(d.transport()).isEqualTo("udp");
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> display.liveState().slideIndex() == 20);
            assertThat(display.liveState().itemId()).isEqualTo("song-1");
        }
    }

}
