package org.mobileworship.livecontrol.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.spi.election.ElectionProvider;
import org.mobileworship.livecontrol.election.internal.ElectionSettings;

class BullyElectionProviderTest {

    @Test
    void serviceLoaderFindsTheProvider() {
        List<ElectionProvider> found = ServiceLoader.load(ElectionProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasAtLeastOneElementOfType(BullyElectionProvider.class);
        ElectionProvider p = found.stream().filter(BullyElectionProvider.class::isInstance).findFirst().orElseThrow();
        assertThat(p.name()).isEqualTo("bully");
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.isAvailable()).isTrue();
    }

    @Test
    void settingsReadConfigAndRejectNonsense() {
        Map<String, String> cfg = Map.of("livecontrol.election.discovery-wait", "250ms",
                "livecontrol.election.claim-wait", "3s");
        ElectionSettings s = ElectionSettings.from(k -> Optional.ofNullable(cfg.get(k)));
        assertThat(s.discoveryWait().toMillis()).isEqualTo(250);
        assertThat(s.claimWait().toMillis()).isEqualTo(3000);
        assertThat(s.probeTimeout()).isEqualTo(ElectionSettings.defaults().probeTimeout());
        assertThat(s.pollInterval().toMillis()).isEqualTo(250);
        assertThat(ElectionSettings.from(k -> k.endsWith("loss-confirm") ? Optional.of("0s") : Optional.empty())
                .lossConfirm()).isZero();
        assertThatThrownBy(() -> ElectionSettings.from(k -> k.endsWith("loss-confirm") ? Optional.of("-1s") : Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livecontrol.election.loss-confirm");

        assertThatThrownBy(() -> ElectionSettings.from(k -> k.endsWith("probe-timeout") ? Optional.of("0s") : Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livecontrol.election.probe-timeout");
        assertThatThrownBy(() -> ElectionSettings.from(k -> k.endsWith("claim-wait") ? Optional.of("soon") : Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("livecontrol.election.claim-wait");
    }
}
