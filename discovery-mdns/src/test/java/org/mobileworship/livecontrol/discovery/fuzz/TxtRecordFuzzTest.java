package org.mobileworship.livecontrol.discovery.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import javax.jmdns.ServiceInfo;
import org.mobileworship.livecontrol.discovery.internal.TxtCodec;

/**
 * Coverage-guided fuzzing of what discovery reads from the network: a DNS-SD TXT record's raw bytes, parsed by
 * jmdns into properties and then by {@link TxtCodec} into an announcement.
 *
 * <p>Properties, for every input: no exception escapes (a record from any device on the WiFi is either usable,
 * incomplete or invalid — never a crash of the discovery thread); a usable record's announcement re-encodes to a
 * record that decodes to the same announcement (what this node re-announces is what it read).
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../TxtRecordFuzzTestInputs/txtRecord/}; {@code ./fuzz}
 * runs {@link #fuzzerTestOneInput(byte[])} under the Jazzer driver.
 */
public class TxtRecordFuzzTest {

    @FuzzTest
    void txtRecord(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** Jazzer's standalone entry point (one target in this class). */
    public static void fuzzerTestOneInput(byte[] rawTxt) {
        ServiceInfo info = ServiceInfo.create("_mobile-worship._tcp.local.", "fuzz", 3010, 0, 0, rawTxt);
        Map<String, String> properties = TxtCodec.properties(info);
        TxtCodec.Decoded decoded = TxtCodec.decode(properties);
        assertThat(decoded).isNotNull();
        if (decoded instanceof TxtCodec.Ok ok) {
            Map<String, String> again = TxtCodec.encode(ok.announcement());
            TxtCodec.Decoded second = TxtCodec.decode(again);
            assertThat(second).as("re-encoded record of %s", properties).isInstanceOf(TxtCodec.Ok.class);
            assertThat(((TxtCodec.Ok) second).announcement()).isEqualTo(ok.announcement());
        }
    }
}
