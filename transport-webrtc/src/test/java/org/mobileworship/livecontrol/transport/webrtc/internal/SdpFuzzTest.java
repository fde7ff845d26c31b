package org.mobileworship.livecontrol.transport.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.transport.TransportException;
import org.mobileworship.livecontrol.security.DeviceIdentity;

/**
 * Coverage-guided fuzzing of what this transport reads from an offer or answer that came through the signaling
 * server (which may be hostile, threat T7): the {@code a=x-livecontrol-identity} attribute and its check
 * ({@link SdpIdentity#verify}), the structural offer check ({@link SdpCheck#offerProblem}) and the origin session
 * id that decides renegotiation versus replacement ({@link PeerSession#originSessionId}) — everything that runs on
 * SDP before libwebrtc sees it. (ICE candidates are handed to libwebrtc as they are; their JSON/protobuf framing
 * is fuzzed with the signaling codecs in {@code protocol}.)
 *
 * <p>Properties, for every SDP and each kind of sender (key-bound, without a key): verification returns the SDP
 * without the attribute or throws a {@link TransportException} naming {@link SdpIdentity#ERROR} — never another
 * exception; what it returns never carries the attribute; an SDP signed by the sender's own key (and not carrying
 * a forged attribute of its own) always verifies, and one signed by another key never does; the offer check and
 * the origin parser never throw.
 *
 * <p>A second target, {@code sdpParse}, feeds the same code SDPs only as received (no signature made by the
 * harness); {@code sdpIdentity} keeps the signed inputs that check the signature properties. ({@code ./fuzz} runs
 * both without Jazzer's regex hook, which otherwise took most of their time: docs/fuzzing.md.)
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../SdpFuzzTestInputs/<target>/}; {@code ./fuzz} runs
 * {@link #fuzzerTestOneInput(FuzzedDataProvider)} under the Jazzer driver, the target chosen by the
 * {@code fuzz.target} system property.
 */
public class SdpFuzzTest {
    private static final DeviceIdentity SENDER = DeviceIdentity.ephemeral();
    private static final DeviceIdentity OTHER = DeviceIdentity.ephemeral();
    private static final PeerId SELF = PeerId.of("display-self");
    private static final PeerId UNKEYED = PeerId.of("controller-1");

    @FuzzTest
    void sdpIdentity(FuzzedDataProvider data) {
        check(data, true);
    }

    @FuzzTest
    void sdpParse(FuzzedDataProvider data) {
        check(data, false);
    }

    /** Jazzer's standalone entry point: {@code -Dfuzz.target=sdpIdentity} (the default) or {@code sdpParse}. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data, !"sdpParse".equals(System.getProperty("fuzz.target")));
    }

    private static void check(FuzzedDataProvider data, boolean mayBeSigned) {
        String kind = data.pickValue(new String[] {"offer", "answer"});
        boolean keyed = data.consumeBoolean();
        PeerId remote = keyed ? SENDER.peerId() : UNKEYED;
        // 0: as received, 1: signed by the sender, 2: signed by another key
        int mode = mayBeSigned ? data.consumeInt(0, 2) : 0;
        String body = data.consumeRemainingAsString();
        String sdp = switch (mode) {
            case 1 -> SdpIdentity.sign(body, kind, remote, SELF, SENDER);
            case 2 -> SdpIdentity.sign(body, kind, remote, SELF, OTHER);
            default -> body;
        };
        String verified;
        try {
            verified = SdpIdentity.verify(sdp, kind, remote, SELF);
        } catch (TransportException refused) {
            assertThat(refused.getMessage()).startsWith(SdpIdentity.ERROR + ":");
            assertThat(keyed).as("only a key-bound sender's SDP is refused").isTrue();
            assertThat(mode == 1 && !body.contains(SdpIdentity.ATTRIBUTE))
                    .as("an SDP signed by the sender's own key was refused: %s", refused.getMessage()).isFalse();
            checkStructure(sdp);
            return;
        }
        assertThat(keyed && mode == 2).as("an SDP signed by another device's key was accepted").isFalse();
        for (String line : verified.split("(?<=\n)")) {
            assertThat(line).as("the attribute is removed before libwebrtc").doesNotStartWith(SdpIdentity.ATTRIBUTE);
        }
        checkStructure(verified);
    }

    private static void checkStructure(String sdp) {
        String problem = SdpCheck.offerProblem(sdp);
        if (problem == null) {
            assertThat(PeerSession.originSessionId(sdp)).as("an offer that passes has an origin session id")
                    .isNotNull();
        } else {
            PeerSession.originSessionId(sdp);
        }
        SdpIdentity.fingerprints(sdp);
    }
}
