package org.mobileworship.livecontrol.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.mobileworship.livecontrol.api.spi.LiveControlBuilderFactory;

/**
 * One device's node in a live-control session: discovers the others, takes part in the election, connects
 * controllers to displays and carries cues with acknowledged, de-duplicated, retried delivery.
 *
 * <pre>{@code
 * try (LiveControl node = LiveControl.builder().role(PeerType.controller()).displayName("Booth").build()) {
 *     node.start();
 *     node.send(displayId, new LiveControlMessage.Slide("event", "song-1", 3)).join();
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Futures complete on the node's internal threads — for an acknowledgement that
 * is the transport's receiving thread (libwebrtc's own callback thread for WebRTC), to save a hand-off per cue:
 * do not block in their non-async callbacks ({@code thenAccept}, {@code whenComplete}), or every link of that
 * transport waits with you. Use the {@code ...Async} variants with your own executor for slow work.
 */
public interface LiveControl extends AutoCloseable {

    /**
     * A builder from the runtime on the classpath ({@code livecontrol-runtime}).
     *
     * @throws LiveControlException when no runtime is on the classpath, naming the artifact to add
     */
    static Builder builder() {
        return ServiceLoader.load(LiveControlBuilderFactory.class, LiveControl.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LiveControlException(
                        "No livecontrol runtime on the classpath: add org.mobileworship.livecontrol:livecontrol-runtime"))
                .newBuilder();
    }

    /** This node's id. */
    PeerId id();

    /** This node's role. */
    PeerType type();

    /**
     * Starts discovery, election, signaling and transports. Returns once discovery runs; joining the
     * session continues in the background and is reported through {@link #events()}.
     *
     * @throws LiveControlException if a component cannot start (e.g. the signaling port is in use)
     * @throws IllegalStateException if the node was started or closed before
     */
    void start();

    /**
     * Sends a message to one display. The future completes when the display acknowledges, or fails with a
     * {@link DeliveryException} (timeout, unknown peer, rejected, closed, too large). Retries are automatic.
     *
     * <p>Never waits for the network or the acknowledgement. When the node is idle the first attempt is encoded
     * and handed to the transport on the calling thread (for WebRTC that includes libwebrtc's send call, usually
     * tens of microseconds; never while the link is being torn down), which saves a thread hand-off per cue;
     * otherwise it is queued. Retries and {@link #broadcast}'s frames always leave from the transport's threads.
     */
    CompletableFuture<Delivery> send(PeerId display, LiveControlMessage message);

    /**
     * Sends a message to every display of {@code audience} known now, each with its own id, retries and
     * acknowledgement. Returns one future per display.
     */
    Map<PeerId, CompletableFuture<Delivery>> broadcast(LiveControlMessage message, Audience audience);

    /** Peers of the session this node knows of, with their connection state. Never includes this node. */
    List<PeerInfo> peers();

    /** The subset of {@link #peers()} this node has an open link to. */
    List<PeerInfo> connectedPeers();

    /** Who leads the session. */
    LeaderStatus leaderStatus();

    /**
     * The state this node considers current: what a display shows, or the last state a controller sent.
     */
    LiveState liveState();

    /** Link counters for a peer, if this node has ever had a link to it. */
    Optional<PeerStats> stats(PeerId peer);

    /** This node's events. */
    EventStream events();

    /** Leaves the session: closes links, stops serving signaling if leader, stops discovery. Idempotent. */
    @Override
    void close();

    /** Builds a node; see the runtime's documentation for every configuration key. */
    interface Builder {
        /** Controller, or display of some class. Required. */
        Builder role(PeerType type);

        /** Human-readable name shown to operators. Defaults to the host name. */
        Builder displayName(String name);

        /** Fixed id (e.g. persisted across restarts so a display keeps its identity). Defaults to random. */
        Builder peerId(PeerId id);

        /** Sets a configuration key (highest precedence). Keys start with {@code livecontrol.}. */
        Builder config(String key, String value);

        /** Reads a properties file of configuration keys. */
        Builder configFile(Path file);

        /**
         * Builds the node from the plugins on the classpath.
         *
         * @throws LiveControlException when the configuration is invalid or a required plugin is missing
         */
        LiveControl build();
    }
}
