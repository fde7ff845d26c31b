package org.mobileworship.livecontrol.discovery;

import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.ProviderContext;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryProvider;
import org.mobileworship.livecontrol.discovery.internal.InterfaceSelector;
import org.mobileworship.livecontrol.discovery.internal.MdnsDiscovery;
import org.mobileworship.livecontrol.discovery.internal.MdnsSettings;

/**
 * mDNS/DNS-SD discovery on jmdns ({@code livecontrol.discovery=mdns}, priority 100): announces and browses
 * {@code _mobile-worship._tcp.local.} on every chosen IPv4 interface. See the module README for config keys.
 */
public final class MdnsDiscoveryProvider implements DiscoveryProvider {

    @Override
    public String name() {
        return "mdns";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Parses {@code livecontrol.discovery.*} so a bad value fails {@code build()}. */
    @Override
    public void validate(Config config) {
        MdnsSettings.from(config);
    }

    @Override
    public Discovery create(ProviderContext context) {
        MdnsSettings settings = MdnsSettings.from(context.config());
        return new MdnsDiscovery(context, settings, new InterfaceSelector(settings.interfaces()));
    }
}
