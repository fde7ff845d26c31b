package org.mobileworship.livecontrol.cli;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.Delivery;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.awaitility.Awaitility;

/**
 * The README's library example, kept compiling and running. {@code local} adds what a test needs (loopback
 * only); the README shows the code without it.
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static String run(UnaryOperator<LiveControl.Builder> local) {
        StringBuilder shown = new StringBuilder();
        // --- README example starts here
        try (LiveControl display = local.apply(LiveControl.builder()
                .role(PeerType.display(DisplayClass.STAGE)).displayName("Stage left")).build();
             LiveControl controller = local.apply(LiveControl.builder()
                .role(PeerType.controller()).displayName("Booth laptop")).build()) {
            display.events().subscribe(e -> {
                if (e instanceof LiveControlEvent.StateApplied s) {
                    shown.append("show " + s.state().itemId() + " slide " + s.state().slideIndex());
                }
            });
            display.start();
            controller.start();
            // ... once controller.connectedPeers() lists the display:
            Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> !controller.connectedPeers().isEmpty());
            Map<PeerId, CompletableFuture<Delivery>> acks =
                controller.broadcast(new LiveControlMessage.Slide("sunday", "song-1", 3), Audience.displays());
            acks.values().forEach(CompletableFuture::join);   // each completes when that display acked
            Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shown.length() > 0);
        }
        // --- README example ends here
        return shown.toString();
    }
}
