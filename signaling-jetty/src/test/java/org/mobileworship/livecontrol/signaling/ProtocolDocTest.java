package org.mobileworship.livecontrol.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.protocol.JsonFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;

/**
 * Every concrete JSON example in {@code docs/protocol.md} is a frame the codecs accept, so the document cannot
 * drift from the implementation. (Blocks in the seed's type notation, with {@code |} alternatives or
 * {@code //} comments, are quoted verbatim from the seed; the protocol module's golden tests cover their
 * concrete forms.)
 */
class ProtocolDocTest {
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyConcreteExampleDecodes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "protocol.md"));
        Matcher m = JSON_BLOCK.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String block = m.group(1).trim();
            if (block.contains("//") || block.contains("\" | \"") || block.contains("\"...\"")) {
                continue; // seed notation, quoted verbatim
            }
            for (String line : block.split("\\n")) {
                if (!line.isBlank()) {
                    assertThat(decodes(line)).as("example decodes: %s", line).isTrue();
                    checked.add(line);
                }
            }
        }
        assertThat(checked).as("the document has concrete examples").hasSizeGreaterThan(5);
    }

    private static boolean decodes(String json) {
        try {
            JsonFrameCodec.INSTANCE.decodeSignalingText(json);
            return true;
        } catch (ProtocolException signalingFailed) {
            try {
                JsonFrameCodec.INSTANCE.decodeDataText(json);
                return true;
            } catch (ProtocolException dataFailed) {
                throw new AssertionError(json + "\n  as signaling: " + signalingFailed.getMessage()
                        + "\n  as data: " + dataFailed.getMessage());
            }
        }
    }
}
