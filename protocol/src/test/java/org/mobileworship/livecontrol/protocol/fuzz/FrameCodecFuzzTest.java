package org.mobileworship.livecontrol.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import org.mobileworship.livecontrol.protocol.FrameCodec;
import org.mobileworship.livecontrol.protocol.JsonFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * Coverage-guided fuzzing of the four decoders that read bytes from the network: data-channel and signaling
 * frames, in JSON (browsers, Tauri apps) and protobuf (Java peers).
 *
 * <p>Properties, for every input: decoding either returns a frame or throws {@link ProtocolException} (a
 * specific wire error) — never another exception, never a hang; an accepted frame re-encodes to bytes the same
 * codec accepts again, and encoding is stable after one round (so what a peer relays is what it understood).
 *
 * <p>In {@code mvn verify} each target replays its committed inputs
 * ({@code src/test/resources/.../FrameCodecFuzzTestInputs/<method>/}: seeds and every past finding) as ordinary
 * tests. {@code ./fuzz} runs each target under the Jazzer driver for a given time through
 * {@link #fuzzerTestOneInput(byte[])}, the standalone entry point, with {@code -Dfuzz.target=<method>}.
 */
public class FrameCodecFuzzTest {

    /** Jazzer's standalone entry point: the target is chosen by the {@code fuzz.target} system property. */
    public static void fuzzerTestOneInput(byte[] input) {
        switch (System.getProperty("fuzz.target", "")) {
            case "jsonDataFrame" -> dataRoundTrip(JsonFrameCodec.INSTANCE, input);
            case "protobufDataFrame" -> dataRoundTrip(ProtobufFrameCodec.INSTANCE, input);
            case "jsonSignalingFrame" -> signalingRoundTrip(JsonFrameCodec.INSTANCE, input);
            case "protobufSignalingFrame" -> signalingRoundTrip(ProtobufFrameCodec.INSTANCE, input);
            default -> throw new IllegalStateException("set -Dfuzz.target to jsonDataFrame, protobufDataFrame,"
                    + " jsonSignalingFrame or protobufSignalingFrame");
        }
    }

    @FuzzTest
    void jsonDataFrame(byte[] input) {
        dataRoundTrip(JsonFrameCodec.INSTANCE, input);
    }

    @FuzzTest
    void protobufDataFrame(byte[] input) {
        dataRoundTrip(ProtobufFrameCodec.INSTANCE, input);
    }

    @FuzzTest
    void jsonSignalingFrame(byte[] input) {
        signalingRoundTrip(JsonFrameCodec.INSTANCE, input);
    }

    @FuzzTest
    void protobufSignalingFrame(byte[] input) {
        signalingRoundTrip(ProtobufFrameCodec.INSTANCE, input);
    }

    private static void dataRoundTrip(FrameCodec codec, byte[] input) {
        DataFrame first;
        try {
            first = codec.decodeData(input);
        } catch (ProtocolException expected) {
            assertThat(expected.code()).isNotNull();
            return;
        }
        DataFrame second = decodeAgain(() -> codec.decodeData(codec.encodeData(first)), first);
        DataFrame third = decodeAgain(() -> codec.decodeData(codec.encodeData(second)), second);
        assertThat(third).as("encoding is stable after one round").isEqualTo(second);
    }

    private static void signalingRoundTrip(FrameCodec codec, byte[] input) {
        SignalingFrame first;
        try {
            first = codec.decodeSignaling(input);
        } catch (ProtocolException expected) {
            assertThat(expected.code()).isNotNull();
            return;
        }
        SignalingFrame second = decodeAgain(() -> codec.decodeSignaling(codec.encodeSignaling(first)), first);
        SignalingFrame third = decodeAgain(() -> codec.decodeSignaling(codec.encodeSignaling(second)), second);
        assertThat(third).as("encoding is stable after one round").isEqualTo(second);
    }

    private interface Decode<T> {
        T run() throws ProtocolException;
    }

    private static <T extends Message> T decodeAgain(Decode<T> decode, Message accepted) {
        try {
            return decode.run();
        } catch (ProtocolException e) {
            throw new AssertionError("a frame the codec accepted does not survive its own re-encoding ("
                    + e.getMessage() + "): " + accepted, e);
        }
    }
}
