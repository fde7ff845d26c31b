package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/** A node started in paired mode (the default) that is not paired yet says how to pair it, on the console. */
class PairingHintTest {
    @TempDir
    Path dir;

    private LiveControlConfig config(String security) {
        return LiveControlConfig.load(Map.of("livecontrol.state-dir", dir.toString(), "livecontrol.security", security),
                null, Map.of(), new Properties());
    }

    @Test
    void aNewDisplayIsToldItIsNotPairedAndTheTwoCommandsThatPairIt() {
        String hint = PairingHint.text(config("paired"), "display", "Stage TV").orElseThrow();
        assertThat(hint).contains("not paired yet", "not-paired", "--role display --name \"Stage TV\"",
                "livecontrol pair --state-dir " + dir + " --code", "--open");
    }

    @Test
    void aNewControllerIsToldItFoundsTheRoomByPairingItsFirstDevice() {
        assertThat(PairingHint.text(config("paired"), "controller", "Booth").orElseThrow())
                .contains("founds the room", "livecontrol pair --state-dir " + dir + " --role display");
    }

    @Test
    void aPairedDeviceAndOpenModeGetNoHint() {
        TrustStore.load(dir, DeviceIdentity.loadOrCreate(dir), true, Clock.systemUTC()).change("Booth", l -> l);
        assertThat(PairingHint.text(config("paired"), "controller", "Booth")).as("founded: it is paired").isEmpty();
        assertThat(PairingHint.text(config("open"), "display", "Stage TV")).isEmpty();
    }

    @Test
    void theDefaultStateDirectoryIsOnePerRoleAndName() {
        Path audience = NodeOptions.defaultStateDir("display", "Hall Left");
        Path stage = NodeOptions.defaultStateDir("display", "Stage");
        if (System.getenv("LIVECONTROL_STATE_DIR") == null) {
            assertThat(audience).isNotEqualTo(stage);
            assertThat(audience.getFileName().toString()).isEqualTo("display-hall-left");
        } else {
            assertThat(audience).as("the runtime reads LIVECONTROL_STATE_DIR itself").isNull();
        }
    }
}
