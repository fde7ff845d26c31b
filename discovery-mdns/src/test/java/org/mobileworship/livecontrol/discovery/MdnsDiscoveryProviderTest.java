package org.mobileworship.livecontrol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.discovery.internal.MdnsSettings;

class MdnsDiscoveryProviderTest {

    @Test
    void serviceLoaderFindsTheProvider() {
        List<DiscoveryProvider> found = ServiceLoader.load(DiscoveryProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        DiscoveryProvider p = found.stream().filter(MdnsDiscoveryProvider.class::isInstance).findFirst().orElseThrow();
        assertThat(p.name()).isEqualTo("mdns");
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.isAvailable()).isTrue();
    }

    private static MdnsSettings settings(Map<String, String> m) {
        return MdnsSettings.from(k -> Optional.ofNullable(m.get(k)));
    }

    @Test
    void settingsDefaultsAndParsing() {
        MdnsSettings d = settings(Map.of());
        assertThat(d.interfaces()).isEmpty();
        assertThat(d.interfacePoll().toMillis()).isEqualTo(5000);
        assertThat(d.serviceType()).isEqualTo("_mobile-worship._tcp.local.");
        MdnsSettings s = settings(Map.of("livecontrol.discovery.interfaces", " 127.0.0.1, eth0 ,",
                "livecontrol.discovery.interface-poll", "250ms"));
        assertThat(s.interfaces()).containsExactly("127.0.0.1", "eth0");
        assertThat(s.interfacePoll().toMillis()).isEqualTo(250);
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> settings(Map.of("livecontrol.discovery.interfaces", "300.1.1.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livecontrol.discovery.interfaces");
        assertThatThrownBy(() -> settings(Map.of("livecontrol.discovery.interfaces", "fe80::1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livecontrol.discovery.interfaces");
        assertThatThrownBy(() -> settings(Map.of("livecontrol.discovery.interface-poll", "0s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interface-poll");
        assertThatThrownBy(() -> settings(Map.of("livecontrol.discovery.service-type", "mobile")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service-type");
    }
}
