package org.mobileworship.livecontrol.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.SignalingFrame;

/**
 * Every JSON example of the seed design (and each livecontrol addition) must decode, re-encode to
 * the same JSON document, and survive a trip through protobuf without loss.
 */
class GoldenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFrameCodec JSON = JsonFrameCodec.INSTANCE;
    private static final ProtobufFrameCodec PROTO = ProtobufFrameCodec.INSTANCE;

    static Stream<Path> dataFiles() throws Exception {
        return goldenFiles("data");
    }

    static Stream<Path> signalingFiles() throws Exception {
        return goldenFiles("signaling");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataFiles")
    void dataGoldenRoundTrips(Path file) throws Exception {
        byte[] golden = Files.readAllBytes(file);
        JsonNode expected = MAPPER.readTree(golden);

        DataFrame frame = JSON.decodeData(golden);
        assertThat(MAPPER.readTree(JSON.encodeData(frame))).isEqualTo(expected);

        DataFrame viaProto = PROTO.decodeData(PROTO.encodeData(frame));
        assertThat(viaProto).isEqualTo(frame);
        assertThat(MAPPER.readTree(JSON.encodeData(viaProto))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signalingFiles")
    void signalingGoldenRoundTrips(Path file) throws Exception {
        byte[] golden = Files.readAllBytes(file);
        JsonNode expected = MAPPER.readTree(golden);

        SignalingFrame frame = JSON.decodeSignaling(golden);
        assertThat(MAPPER.readTree(JSON.encodeSignaling(frame))).isEqualTo(expected);

        SignalingFrame viaProto = PROTO.decodeSignaling(PROTO.encodeSignaling(frame));
        assertThat(viaProto).isEqualTo(frame);
        assertThat(MAPPER.readTree(JSON.encodeSignaling(viaProto))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataFiles")
    void textApiMatchesByteApi(Path file) throws Exception {
        String text = Files.readString(file);
        DataFrame frame = JSON.decodeDataText(text);
        assertThat(MAPPER.readTree(JSON.encodeDataText(frame))).isEqualTo(MAPPER.readTree(text));
    }

    private static Stream<Path> goldenFiles(String kind) throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenTest.class.getResource("/golden/" + kind).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
