package org.mobileworship.livecontrol.benchmarks;

/**
 * Sample counts for one run: {@link #FULL} for the published figures, {@link #QUICK} for CI (every figure,
 * small counts, well under three minutes).
 */
public record Profile(String name, int reps, int rttWarmup, int rttSamples, int fanoutSamples, int throughputCues,
                      int throughputBatches, int joinSamples, int coldStartSamples, int failoverSamples,
                      int footprintSeconds, boolean jmhLong, int pairingSamples, int registrationSamples) {
    public static final Profile FULL = new Profile("full", 3, 1000, 2000, 400, 4000, 5, 5, 5, 3, 10, true, 5, 100);
    public static final Profile QUICK = new Profile("quick", 2, 200, 200, 40, 1000, 2, 2, 1, 1, 3, false, 2, 20);
}
