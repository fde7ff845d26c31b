package org.mobileworship.livecontrol.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuProfileTest {
    @Test
    void leafFramesAreOwnedByTheirCode() {
        assertThat(CpuProfile.owner("finish_task_switch.isra.0_[k]")).isEqualTo("kernel");
        assertThat(CpuProfile.owner("org/mobileworship/livecontrol/runtime/internal/CueReceiver.onCue")).isEqualTo("livecontrol");
        assertThat(CpuProfile.owner("org/mobileworship/livecontrol/benchmarks/RawEcho.run")).isEqualTo("bench");
        assertThat(CpuProfile.owner("org/eclipse/jetty/io/WriteFlusher.write")).isEqualTo("jetty");
        assertThat(CpuProfile.owner("com/google/protobuf/CodedInputStream.readTag")).isEqualTo("protobuf");
        assertThat(CpuProfile.owner("java/util/HashMap.get")).isEqualTo("jdk");
        assertThat(CpuProfile.owner("webrtc::SctpDataChannel::Send")).isEqualTo("native");
    }

    @Test
    void summaryIsCpuPerRoundTripByThreadGroupAndOwner() {
        // 100 cues; 200 µs per sample: 50 samples = 10,000 µs = 100 µs per cue
        String s = CpuProfile.summary(List.of(
                "[livecontrol-node-1 tid=7];java/lang/Thread.run;org/mobileworship/livecontrol/runtime/internal/CueReceiver.onCue;java/util/HashMap.get 30",
                "[livecontrol-node-2 tid=8];java/lang/Thread.run;org/mobileworship/livecontrol/runtime/internal/CueReceiver.onCue 20",
                "[signaling_thread tid=9];webrtc::Foo 5"), 100);
        assertThat(s).contains("livecontrol-node-#").contains("100.0 µs: jdk 60.0, livecontrol 40.0")
                .contains("signaling_thread").contains("10.0 µs: native 10.0")
                .contains("total                            110.0 µs")
                .contains("100.0  runtime/internal/CueReceiver.onCue");
    }
}
