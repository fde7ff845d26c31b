package org.mobileworship.livecontrol.signaling;

import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.plugin.support.SharedKeys;
import org.mobileworship.livecontrol.testkit.BuildConfigCheck;

/** Bad Jetty signaling keys fail build(), naming key, value and expected form. */
class JettySignalingConfigTest {

    @Test
    void badKeysFailBuild() {
        BuildConfigCheck.assertBuildRefuses(b -> b.signaling(new JettySignalingProvider()),
                "livecontrol.signaling.idle-timeout", "-5s");
        BuildConfigCheck.assertBuildRefuses(b -> b.signaling(new JettySignalingProvider()),
                "livecontrol.signaling.max-peers", "0");
        BuildConfigCheck.assertBuildRefuses(b -> b.signaling(new JettySignalingProvider()),
                SharedKeys.HEARTBEAT_MISSES, "0");
    }
}
