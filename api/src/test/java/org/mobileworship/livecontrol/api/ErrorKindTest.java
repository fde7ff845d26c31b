package org.mobileworship.livecontrol.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.signaling.SignalingException;

class ErrorKindTest {

    @Test
    void everyErrorCodesConstantIsTheCodeOfOneWireKindAndBack() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field f : ErrorCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        List<String> wireKinds = new ArrayList<>();
        for (ErrorKind k : ErrorKind.values()) {
            if (k.onTheWire()) {
                wireKinds.add(k.code());
            }
            assertThat(ErrorKind.fromCode(k.code())).contains(k);
        }
        assertThat(wireKinds).containsExactlyInAnyOrderElementsOf(constants);
        assertThat(ErrorKind.fromCode("from-a-newer-peer")).isEmpty();
        assertThat(ErrorKind.fromCode(null)).isEmpty();
    }

    @Test
    void exceptionsCarryTheirKind() {
        assertThat(new LiveControlException("x").kind()).isEqualTo(ErrorKind.UNSPECIFIED);
        assertThat(new LiveControlException(ErrorKind.NO_LEADER, "x").kind()).isEqualTo(ErrorKind.NO_LEADER);
        assertThat(new SignalingException("io", "down").kind()).isEqualTo(ErrorKind.IO);
        assertThat(new SignalingException(ErrorKind.IO, "down").code()).isEqualTo("io");
        assertThat(new SignalingException(ErrorCodes.UNKNOWN_PEER, "who").kind()).isEqualTo(ErrorKind.UNKNOWN_PEER);
        assertThat(new SignalingException("something-new", "?").kind()).isEqualTo(ErrorKind.UNSPECIFIED);
    }

    @Test
    void configurationExceptionNamesKeyValueAndExpectedForm() {
        Config config = key -> key.equals("livecontrol.x.timeout") ? java.util.Optional.of("soon")
                : java.util.Optional.empty();
        Config.InvalidValueException invalid = org.assertj.core.api.Assertions.catchThrowableOfType(
                Config.InvalidValueException.class, () -> config.getDuration("livecontrol.x.timeout", null));
        assertThat(invalid).isInstanceOf(IllegalArgumentException.class);
        ConfigurationException e = invalid.toConfigurationException("plugin 'x'");
        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
        assertThat(e.key()).contains("livecontrol.x.timeout");
        assertThat(e.value()).contains("soon");
        assertThat(e.expected()).hasValueSatisfying(x -> assertThat(x).contains("duration"));
        assertThat(e).hasMessage("invalid configuration for plugin 'x': invalid value 'soon' for config key "
                + "livecontrol.x.timeout: expected a duration such as 250ms, 2s, 1m or PT2S");
    }
}
