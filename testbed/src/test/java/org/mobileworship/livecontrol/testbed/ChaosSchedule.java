package org.mobileworship.livecontrol.testbed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A chaos schedule drawn up front from a seed, so a seed replays the same faults at the same times. The room is always
 * the same five hosts: display d1 on host 1 (started first: the first leader), the cueing controller c2 on host 2, and
 * displays d3..d5 on hosts 3..5.
 *
 * <p>Two generators: {@link #legacy} is the one scenario 12 used when its seeds were found (kill -9 of a display,
 * link cut, loss burst) and must keep drawing exactly as it did, since the seeds listed in the testbed README and the
 * issue tracker are replayed through it; {@link #random} draws every fault kind the soak knows.
 */
record ChaosSchedule(String generator, long seed, int seconds, boolean bindDisplays, List<Fault> faults) {

    static final int CONTROLLER_HOST = 2;
    static final int[] DISPLAY_HOSTS = {1, 3, 4, 5};
    static final int HOSTS = 5;

    enum Kind {
        /** kill -9 of a display chosen up front (counted as a leader kill if it leads then); restarted at undo. */
        KILL,
        /** kill -9 of whoever leads when the step runs; a display is restarted at undo, the controller is frozen instead. */
        LEADER_KILL,
        /** kill -9 of a display and a restart with the same id less than a second later. */
        QUICK_RESTART,
        /**
         * The leader's power fails: its traffic is dropped silently (no TCP reset); then either the process is killed
         * after {@link Fault#killAfterMs} and the host comes back (link and a new process) at undo, or the link comes
         * back at undo with the process still running.
         */
        LEADER_POWER_LOSS,
        /** SIGSTOP of a host's process (a laptop lid closing), SIGCONT at undo. */
        FREEZE,
        /** the host's bridge port goes down, up at undo. */
        CUT,
        /** the hosts of {@link Fault#group} move to a second bridge, back at undo. */
        PARTITION,
        /** ICE blocked both ways between {@link Fault#host} and {@link Fault#other} (signaling and mDNS pass). */
        ICE_BLOCK,
        /** {@link Fault#percent} % of the packets arriving at the host dropped. */
        LOSS,
        /** the display host's address moves to 198.18.0.(100 + i) or back (no undo: a new lease). */
        ADDRESS_CHANGE
    }

    /**
     * One fault at {@code atMs} from the start of the chaos, undone at {@code undoMs}. {@code host} is -1 where the step
     * picks its target when it runs (the current leader).
     */
    record Fault(Kind kind, long atMs, long undoMs, int host, int other, int percent, int[] group, long killAfterMs) {
        @Override
        public String toString() {
            String target = host < 0 ? "leader" : "h" + host;
            String extra = switch (kind) {
                case PARTITION -> " " + Arrays.toString(group);
                case ICE_BLOCK -> "↔h" + other;
                case LOSS -> " " + percent + "%";
                case LEADER_POWER_LOSS -> killAfterMs >= 0 ? " then kill after " + killAfterMs + " ms" : " then link back";
                default -> "";
            };
            return String.format("%6.1fs %s %s%s until %.1fs", atMs / 1000.0, kind, target, extra, undoMs / 1000.0);
        }
    }

    /** Scenario 12's original generator (faults every 2–5 s until {@code seconds - 8}, each undone 2–6 s later). */
    static ChaosSchedule legacy(long seed, int seconds, boolean nft) {
        Random rnd = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        for (long at = 1000 + rnd.nextInt(2000); at < (seconds - 8) * 1000L; at += 2000 + rnd.nextInt(3000)) {
            int kind = rnd.nextInt(nft ? 3 : 2);
            int host = kind == 0 ? DISPLAY_HOSTS[rnd.nextInt(4)] : 1 + rnd.nextInt(5);
            long undo = at + 2000 + rnd.nextInt(4000);
            int percent = 5 + rnd.nextInt(11);
            Kind k = kind == 0 ? Kind.KILL : kind == 1 ? Kind.CUT : Kind.LOSS;
            faults.add(new Fault(k, at, undo, host, -1, percent, new int[0], -1));
        }
        return new ChaosSchedule("legacy", seed, seconds, true, List.copyOf(faults));
    }

    /**
     * Every fault kind, weighted so that a 60 s schedule (≈ 20 faults) loses its leader about four times (kill -9,
     * power loss), partitions the room about twice, and has a quick restart, an ICE block and a freeze about twice
     * each. Displays run without {@code --interface} (as laptops on DHCP) so their address can move.
     */
    static ChaosSchedule random(long seed, int seconds, boolean nft) {
        Random rnd = new Random(seed);
        Kind[] kinds = Kind.values();
        int[] weights = new int[kinds.length];
        weights[Kind.LEADER_KILL.ordinal()] = 12;
        weights[Kind.LEADER_POWER_LOSS.ordinal()] = 12;
        weights[Kind.KILL.ordinal()] = 8;
        weights[Kind.QUICK_RESTART.ordinal()] = 10;
        weights[Kind.FREEZE.ordinal()] = 8;
        weights[Kind.CUT.ordinal()] = 10;
        weights[Kind.PARTITION.ordinal()] = 11;
        weights[Kind.ICE_BLOCK.ordinal()] = nft ? 10 : 0;
        weights[Kind.LOSS.ordinal()] = nft ? 10 : 0;
        weights[Kind.ADDRESS_CHANGE.ordinal()] = 5;
        int total = Arrays.stream(weights).sum();
        List<Fault> faults = new ArrayList<>();
        for (long at = 1000 + rnd.nextInt(2000); at < (seconds - 10) * 1000L; at += 1500 + rnd.nextInt(2500)) {
            int pick = rnd.nextInt(total);
            Kind kind = kinds[0];
            for (int i = 0; i < kinds.length; i++) {
                if (pick < weights[i]) {
                    kind = kinds[i];
                    break;
                }
                pick -= weights[i];
            }
            int display = DISPLAY_HOSTS[rnd.nextInt(DISPLAY_HOSTS.length)];
            int anyHost = 1 + rnd.nextInt(HOSTS);
            Fault f = switch (kind) {
                case KILL -> new Fault(kind, at, at + 2000 + rnd.nextInt(4000), display, -1, 0, new int[0], -1);
                case LEADER_KILL -> new Fault(kind, at, at + 2000 + rnd.nextInt(4000), -1, -1, 0, new int[0], -1);
                case QUICK_RESTART -> new Fault(kind, at, at + 150 + rnd.nextInt(700), display, -1, 0, new int[0], -1);
                case LEADER_POWER_LOSS -> {
                    boolean kill = rnd.nextInt(10) < 6;
                    long killAfter = kill ? 1000 + rnd.nextInt(2000) : -1;
                    yield new Fault(kind, at, at + (kill ? 4000 + rnd.nextInt(3000) : 2000 + rnd.nextInt(5000)), -1, -1,
                            0, new int[0], killAfter);
                }
                case FREEZE -> new Fault(kind, at, at + 1000 + rnd.nextInt(5000), anyHost, -1, 0, new int[0], -1);
                case CUT -> new Fault(kind, at, at + 2000 + rnd.nextInt(4000), anyHost, -1, 0, new int[0], -1);
                case PARTITION -> {
                    List<Integer> half = new ArrayList<>();
                    while (half.isEmpty() || half.size() == HOSTS) {
                        half.clear();
                        for (int h = 1; h <= HOSTS; h++) {
                            if (rnd.nextBoolean()) {
                                half.add(h);
                            }
                        }
                    }
                    yield new Fault(kind, at, at + 4000 + rnd.nextInt(8000), -1, -1, 0,
                            half.stream().mapToInt(Integer::intValue).toArray(), -1);
                }
                case ICE_BLOCK -> {
                    int other = 1 + rnd.nextInt(HOSTS - 1);
                    if (other >= anyHost) {
                        other++;
                    }
                    yield new Fault(kind, at, at + 3000 + rnd.nextInt(5000), anyHost, other, 0, new int[0], -1);
                }
                case LOSS -> new Fault(kind, at, at + 2000 + rnd.nextInt(4000), anyHost, -1, 5 + rnd.nextInt(11),
                        new int[0], -1);
                case ADDRESS_CHANGE -> new Fault(kind, at, at, display, -1, 0, new int[0], -1);
            };
            faults.add(f);
        }
        return new ChaosSchedule("random", seed, seconds, false, List.copyOf(faults));
    }

    /** The last moment a fault is undone (ms from the start of the chaos). */
    long endMs() {
        return faults.stream().mapToLong(Fault::undoMs).max().orElse(0);
    }

    String describe() {
        StringBuilder b = new StringBuilder(generator + " schedule, seed " + seed + ", " + seconds + " s, "
                + faults.size() + " faults:\n");
        faults.forEach(f -> b.append("  ").append(f).append('\n'));
        return b.toString();
    }
}
