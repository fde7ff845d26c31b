package org.mobileworship.livecontrol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.function.UnaryOperator;
import org.mobileworship.livecontrol.api.ConfigurationException;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;
import org.mobileworship.livecontrol.runtime.RuntimeBuilder;

/**
 * Asserts that a plugin refuses a bad value of one of its keys when the node is built ({@code build()}), with a
 * {@link ConfigurationException} naming the key, the value and the expected form — not later, at {@code start()}.
 * The other plugins are the in-memory ones, so only the plugin under test can refuse.
 *
 * <pre>{@code
 * BuildConfigCheck.assertBuildRefuses(b -> b.transports(List.of(new RelayTransportProvider())),
 *         "livecontrol.relay.connect-timeout", "0s");
 * }</pre>
 */
public final class BuildConfigCheck {
    private BuildConfigCheck() {
    }

    /**
     * @param plugin puts the plugin under test into the builder (e.g. {@code b -> b.signaling(new X())})
     * @return the exception, for further assertions
     */
    public static ConfigurationException assertBuildRefuses(UnaryOperator<RuntimeBuilder> plugin, String key,
                                                            String value) {
        RuntimeBuilder builder = LiveControlRuntime.builder().role(PeerType.controller())
                .discovery(new InMemoryDiscoveryProvider())
                .election(new InMemoryElectionProvider())
                .signaling(new InMemorySignalingProvider())
                .transports(List.of(new InMemoryTransportProvider()))
                .config("livecontrol.security", "open"); // so the plugin's key is the only thing refused
        RuntimeBuilder configured = plugin.apply(builder).config(key, value);
        Throwable thrown = catchThrowable(configured::build);
        assertThat(thrown).as("build() with %s=%s", key, value).isInstanceOf(ConfigurationException.class);
        ConfigurationException e = (ConfigurationException) thrown;
        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
        assertThat(e.key()).contains(key);
        assertThat(e.value()).hasValueSatisfying(v -> assertThat(v.trim()).isEqualTo(value.trim()));
        assertThat(e.expected()).hasValueSatisfying(x -> assertThat(x).isNotBlank());
        assertThat(e).hasMessageContaining(key).hasMessageContaining("expected");
        return e;
    }
}
