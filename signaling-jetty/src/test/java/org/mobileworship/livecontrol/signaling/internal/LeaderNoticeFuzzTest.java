package org.mobileworship.livecontrol.signaling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.util.List;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;

/**
 * Coverage-guided fuzzing of the body of {@code POST /leader-notice} ({@link LeaderNotices#parse}), which any
 * device on the network may send to a leader.
 *
 * <p>Properties, for every body (at most {@link LeaderNotices#MAX_BYTES}, as the handler enforces before parsing)
 * and each kind of remote address Jetty reports: parsing either yields a peer or throws
 * {@link IllegalArgumentException} (answered as a 400 naming the problem) — never another exception; an accepted
 * notice's endpoint is the connection's address with a valid port, and the notice this node would send for that
 * announcement parses back to the same announcement.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../LeaderNoticeFuzzTestInputs/leaderNotice/};
 * {@code ./fuzz} runs {@link #fuzzerTestOneInput(FuzzedDataProvider)} under the Jazzer driver.
 */
public class LeaderNoticeFuzzTest {
    /** What {@code Request.getRemoteAddr} gives: always an IP literal (so parsing never resolves a name). */
    private static final List<String> REMOTES = List.of("127.0.0.1", "192.168.1.20", "::1", "fe80::1%1", "");

    @FuzzTest
    void leaderNotice(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** Jazzer's standalone entry point (one target in this class). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        String remote = data.pickValue(REMOTES);
        String body = data.consumeRemainingAsString();
        if (body.length() > LeaderNotices.MAX_BYTES) {
            body = body.substring(0, LeaderNotices.MAX_BYTES);
        }
        DiscoveredPeer peer;
        try {
            peer = LeaderNotices.parse(body, remote);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).as("a refusal names the problem").isNotBlank();
            return;
        }
        InetSocketAddress endpoint = LeaderNotices.endpoint(peer);
        assertThat(endpoint.getPort()).isBetween(1, 65535);
        assertThat(endpoint.getAddress()).isEqualTo(peer.addresses().get(0));
        DiscoveredPeer again = LeaderNotices.parse(LeaderNotices.body(peer.announcement()), remote);
        assertThat(again.announcement()).as("re-sent notice of %s", body).isEqualTo(peer.announcement());
    }
}
