package org.mobileworship.livecontrol.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.Audience;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.Link;
import org.mobileworship.livecontrol.api.spi.transport.LinkEncoding;
import org.mobileworship.livecontrol.api.spi.transport.LinkListener;
import org.mobileworship.livecontrol.api.spi.transport.LinkStats;
import org.mobileworship.livecontrol.api.spi.transport.Transport;
import org.mobileworship.livecontrol.api.spi.transport.TransportContext;
import org.mobileworship.livecontrol.api.spi.transport.TransportListener;
import org.mobileworship.livecontrol.api.spi.transport.TransportProvider;
import org.mobileworship.livecontrol.api.spi.signaling.Signal;
import org.mobileworship.livecontrol.plugin.support.CallerThreadSends;
import org.mobileworship.livecontrol.testkit.InMemoryTransportProvider;

/**
 * The runtime lets a transport send an application's cue from the application's own thread
 * ({@link CallerThreadSends}) — and never from its loop thread or a transport's callback thread. The links here
 * defer every send they may and record on which thread each send was asked for and on which it ran.
 */
class CallerThreadSendsNodeTest {

    /** One send through a recording link. */
    record Send(String askedOn, boolean deferred, String ranOn) {
    }

    private final List<Send> sends = new CopyOnWriteArrayList<>();

    @Test
    void anApplicationsCueLeavesFromItsOwnThreadAndCallbacksAndTheLoopNeverDefer() throws Exception {
        try (LiveControlCluster cluster = new LiveControlCluster()) {
            cluster.transports(List.of(new RecordingProvider()));
            LiveControl ctrl = cluster.controller("booth");
            LiveControl stage = cluster.display("stage", DisplayClass.STAGE);
            cluster.startAll();
            cluster.awaitLinked(ctrl, 1);

            String app = Thread.currentThread().getName();
            for (int i = 0; i < 20; i++) {
                ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "s", i)).get(10, TimeUnit.SECONDS);
            }
            // a send made from a delivery callback (on the node's loop, or a transport thread holding it; on this
            // thread if the ack came before thenCompose was attached): never deferred unless on this thread
            AtomicReference<String> callbackThread = new AtomicReference<>();
            CompletableFuture<?> fromCallback = ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "s", 20))
                    .thenCompose(d -> {
                        callbackThread.set(Thread.currentThread().getName());
                        return ctrl.send(stage.id(), new LiveControlMessage.Slide("e", "s", 21));
                    });
            fromCallback.get(10, TimeUnit.SECONDS);
            assertThat(stage.liveState().slideIndex()).isEqualTo(21);
            // a broadcast's frames always leave from the transports' threads (they overlap there)
            int beforeBroadcasts = sends.size();
            for (int i = 22; i < 32; i++) {
                CompletableFuture.allOf(ctrl.broadcast(new LiveControlMessage.Slide("e", "s", i),
                        Audience.displays()).values().toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            }
            assertThat(stage.liveState().slideIndex()).isEqualTo(31);
            List<Send> all = List.copyOf(sends); // a snapshot: pings may still be recorded meanwhile
            List<Send> broadcastSends = all.subList(beforeBroadcasts, all.size());
            assertThat(broadcastSends).filteredOn(s -> s.askedOn().equals(app)).as("broadcast frames sent inline")
                    .isNotEmpty();
            assertThat(broadcastSends).noneMatch(Send::deferred);

            List<Send> deferred = all.subList(0, beforeBroadcasts).stream().filter(Send::deferred).toList();
            // the loop was idle for most of the 20 cues: their frames left from the application's thread
            assertThat(deferred).as("sends deferred to the caller's thread").isNotEmpty();
            // only ever an application thread, and the frame left from that same thread
            assertThat(deferred).allSatisfy(s -> {
                assertThat(s.askedOn()).isEqualTo(app);
                assertThat(s.ranOn()).isEqualTo(app);
            });
            // the loop thread, the transports' threads and a delivery callback never block in a send
            assertThat(all.subList(0, beforeBroadcasts)).filteredOn(s -> !s.askedOn().equals(app)).isNotEmpty()
                    .noneMatch(Send::deferred);
            assertThat(callbackThread.get()).isNotNull();
        }
    }

    /** The in-memory transport with links that defer what they may and record it. */
    private final class RecordingProvider implements TransportProvider {
        private final InMemoryTransportProvider delegate = new InMemoryTransportProvider();

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Transport create(TransportContext context) {
            Transport t = delegate.create(context);
            return new Transport() {
                @Override
                public String name() {
                    return t.name();
                }

                @Override
                public void start(TransportListener listener) {
                    t.start(link -> listener.incomingLink(new RecordingLink(link)));
                }

                @Override
                public java.util.concurrent.CompletionStage<Link> connect(PeerId remote) {
                    return t.connect(remote).thenApply(RecordingLink::new);
                }

                @Override
                public void onSignal(PeerId from, Signal signal) {
                    t.onSignal(from, signal);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }

    private final class RecordingLink implements Link {
        private final Link link;

        RecordingLink(Link link) {
            this.link = link;
        }

        @Override
        public void send(byte[] frame) {
            String asked = Thread.currentThread().getName();
            boolean deferred = CallerThreadSends.defer(() -> {
                sends.add(new Send(asked, true, Thread.currentThread().getName()));
                link.send(frame);
            });
            if (!deferred) {
                sends.add(new Send(asked, false, asked));
                link.send(frame);
            }
        }

        @Override
        public PeerId remote() {
            return link.remote();
        }

        @Override
        public String transport() {
            return link.transport();
        }

        @Override
        public LinkEncoding encoding() {
            return link.encoding();
        }

        @Override
        public void setListener(LinkListener listener) {
            link.setListener(listener);
        }

        @Override
        public boolean isOpen() {
            return link.isOpen();
        }

        @Override
        public boolean detectsRemoteLoss() {
            return link.detectsRemoteLoss();
        }

        @Override
        public LinkStats stats() {
            return link.stats();
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
