package com.example.livecontrol.udp;

import java.net.InetAddress;
import java.time.Duration;
import org.mobileworship.livecontrol.api.spi.Config;

/**
 * The plugin's keys, parsed once; a bad value fails with {@link Config#invalidValue} (key, value, expected form),
 * which the runtime's {@code build()} reports as a {@code ConfigurationException} naming this plugin.
 */
record UdpSettings(InetAddress bindAddress, Duration connectTimeout, Duration linkTimeout) {
    static final String BIND_ADDRESS = "livecontrol.udp.bind-address";
    static final String CONNECT_TIMEOUT = "livecontrol.udp.connect-timeout";
    static final String LINK_TIMEOUT = "livecontrol.udp.link-timeout";

    static UdpSettings from(Config config) {
        String raw = config.getString(BIND_ADDRESS, "127.0.0.1").trim();
        InetAddress address = Handshake.literalAddress(raw).orElseThrow(() ->
                Config.invalidValue(BIND_ADDRESS, raw, "an IP address literal"));
        if (address.isAnyLocalAddress()) {
            // the address is sent to the peer in the handshake: a wildcard would tell it nothing
            throw Config.invalidValue(BIND_ADDRESS, raw, "one specific address the peers can reach, not a wildcard");
        }
        return new UdpSettings(address, positive(config, CONNECT_TIMEOUT, Duration.ofSeconds(3)),
                positive(config, LINK_TIMEOUT, Duration.ofSeconds(5)));
    }

    private static Duration positive(Config config, String key, Duration fallback) {
        Duration d = config.getDuration(key, fallback);
        if (d.isZero() || d.isNegative()) {
            throw Config.invalidValue(key, config.get(key).orElse(""), "a positive duration such as 3s");
        }
        return d;
    }

}
