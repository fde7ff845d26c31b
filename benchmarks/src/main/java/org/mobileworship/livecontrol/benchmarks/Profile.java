package org.mobileworship.livecontrol.benchmarks;

/**
 * Sample counts for one run: {@link #FULL} for the published figures, {@link #QUICK} for CI (every figure,
 * small counts, well under three minutes).
 *
 * <p>Warm-up: the full profile's per-cue figures measure the steady state a service runs in for an hour, so each
 * side (livecontrol and its baselines alike) first runs until the JIT has compiled its path. livecontrol's path is
 * much longer than a raw echo's few methods: with 1,000 warm-up round trips (the profile until 2026-12-02) the
 * first of the three measured repetitions still ran at twice the median of the last (0.375 vs 0.177 ms in that
 * day's full run) while the raw echo's did not, so the ratio measured the compiler more than the cue path. 6,000
 * (until the eighth session) was still short of the JIT's second tier: each method on the cue path runs about once
 * per round trip, and {@code -XX:+PrintCompilation} showed C2 compiling {@code InboundFrames.onFrame},
 * {@code WebRtcLink.send}, {@code ProtobufFrameCodec.decodeData} and their neighbours while the measured chunks ran,
 * which made livecontrol's p99 (not the raw echo's, whose few methods were long compiled) 0.5-1.2 ms; with 20,000
 * it was 0.21-0.29 ms against the raw echo's 0.15-0.28 ms ({@code CueAnatomy 200 interleaved}, three runs).
 */
public record Profile(String name, int reps, int rttWarmup, int rttSamples, int fanoutWarmup, int fanoutSamples,
                      int throughputCues, int throughputBatches, int joinSamples, int coldStartSamples,
                      int failoverSamples, int footprintSeconds, boolean jmhLong, int pairingSamples,
                      int registrationSamples) {
    public static final Profile FULL =
            new Profile("full", 3, 20000, 2000, 400, 400, 4000, 5, 5, 5, 3, 10, true, 5, 100);
    public static final Profile QUICK =
            new Profile("quick", 2, 200, 200, 20, 40, 1000, 2, 2, 1, 1, 3, false, 2, 20);
}
