package org.mobileworship.livecontrol.election.internal;

import java.time.Duration;
import org.mobileworship.livecontrol.api.spi.Config;

/**
 * Tunables of the election, read from {@code livecontrol.election.*}.
 *
 * @param discoveryWait  how long a starting node listens for an existing leader before electing
 * @param probeTimeout   timeout of one leader health probe
 * @param claimWait      how long to wait for the elected (other) candidate to answer a probe as leader before
 *                       excluding it
 * @param pollInterval   how often discovery.peers() is re-read and, while no leader is verified (and while
 *                       leading, to find duplicate leaders), every known peer's endpoint is probed
 * @param recheck        how often a follower re-probes its leader (two misses in a row = leader lost)
 * @param lossConfirm    after losing its leader, how long a node that would elect itself keeps probing first
 *                       while the lost leader's record is still listed (absorbs a brief cut of one follower)
 * @param serveRetryMin  first back-off after startServing failed
 * @param serveRetryMax  largest back-off after repeated startServing failures
 */
public record ElectionSettings(Duration discoveryWait, Duration probeTimeout, Duration claimWait,
                               Duration pollInterval, Duration recheck, Duration lossConfirm,
                               Duration serveRetryMin, Duration serveRetryMax) {

    public static final String PREFIX = "livecontrol.election.";

    public static ElectionSettings defaults() {
        return new ElectionSettings(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(6),
                Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    public static ElectionSettings from(Config config) {
        ElectionSettings d = defaults();
        ElectionSettings s = new ElectionSettings(
                positive(config, "discovery-wait", d.discoveryWait, true),
                positive(config, "probe-timeout", d.probeTimeout, false),
                positive(config, "claim-wait", d.claimWait, false),
                positive(config, "poll-interval", d.pollInterval, false),
                positive(config, "recheck-interval", d.recheck, false),
                positive(config, "loss-confirm", d.lossConfirm, true),
                positive(config, "serve-retry-min", d.serveRetryMin, false),
                positive(config, "serve-retry-max", d.serveRetryMax, false));
        if (s.serveRetryMax.compareTo(s.serveRetryMin) < 0) {
            throw new IllegalArgumentException(PREFIX + "serve-retry-max (" + s.serveRetryMax
                    + ") must not be smaller than " + PREFIX + "serve-retry-min (" + s.serveRetryMin + ")");
        }
        return s;
    }

    private static Duration positive(Config config, String key, Duration def, boolean zeroAllowed) {
        Duration d = config.getDuration(PREFIX + key, def);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException("invalid value '" + d + "' for config key " + PREFIX + key
                    + ": expected a " + (zeroAllowed ? "non-negative" : "positive") + " duration");
        }
        return d;
    }
}
