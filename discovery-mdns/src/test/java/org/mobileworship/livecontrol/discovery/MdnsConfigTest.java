package org.mobileworship.livecontrol.discovery;

import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.testkit.BuildConfigCheck;

/** Bad mDNS keys fail build(), naming key, value and expected form. */
class MdnsConfigTest {

    @Test
    void badKeysFailBuild() {
        BuildConfigCheck.assertBuildRefuses(b -> b.discovery(new MdnsDiscoveryProvider()),
                "livecontrol.discovery.interface-poll", "0s");
        BuildConfigCheck.assertBuildRefuses(b -> b.discovery(new MdnsDiscoveryProvider()),
                "livecontrol.discovery.interfaces", "300.1.2.3");
        BuildConfigCheck.assertBuildRefuses(b -> b.discovery(new MdnsDiscoveryProvider()),
                "livecontrol.discovery.service-type", "_x._sctp.local.");
    }
}
