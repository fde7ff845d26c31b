package org.mobileworship.livecontrol.testbed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * The chaos soak ({@code ./soak}): one JVM plays N random chaos schedules ({@link ChaosSchedule#random}) one after
 * the other on the LAN testbed, each in a fresh room, and writes the report to {@code <out>/report.txt} and
 * {@code <out>/report.json} (rewritten after every schedule, so an interrupted soak still has one) and a line per
 * schedule to {@code <out>/results.jsonl}. A failing schedule's run directory (every node's log and
 * {@code events.jsonl}, {@code diagnosis.txt} with every timeline, {@code schedule.txt}, {@code testbed.log}) is moved
 * to {@code <out>/failed/<seed>/}.
 *
 * <pre>
 * ChaosSoak --schedules N [--seconds S] [--seed-from X] [--generator random|legacy] [--out DIR]
 * </pre>
 * Seeds are X, X+1, … X+N-1 (X defaults to one drawn from the clock, printed). Exit 0 when every schedule passed,
 * 1 when one failed, 2 when the testbed cannot run here.
 */
public final class ChaosSoak {

    private ChaosSoak() {
    }

    public static void main(String[] args) throws IOException {
        int schedules = 10;
        int seconds = 60;
        long seedFrom = System.currentTimeMillis() * 1000 % 10_000_000_000_000L;
        String generator = "random";
        Path out = Path.of("testbed/target/soak");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--schedules" -> schedules = Integer.parseInt(required(a, v));
                case "--seconds" -> seconds = Integer.parseInt(required(a, v));
                case "--seed-from" -> seedFrom = Long.parseLong(required(a, v));
                case "--generator" -> generator = required(a, v);
                case "--out" -> out = Path.of(required(a, v));
                default -> {
                    System.err.println("soak: unknown option " + a
                            + "; usage: --schedules N [--seconds S] [--seed-from X] [--generator random|legacy] [--out DIR]");
                    System.exit(64);
                }
            }
            i++;
        }
        if (schedules < 1 || seconds < 20) {
            System.err.println("soak: --schedules must be ≥ 1 and --seconds ≥ 20 (the faults stop 10 s before the end)");
            System.exit(64);
        }
        if (!generator.equals("random") && !generator.equals("legacy")) {
            System.err.println("soak: --generator is random (every fault kind) or legacy (scenario 12's), not " + generator);
            System.exit(64);
        }
        out = out.toAbsolutePath();
        Files.createDirectories(out.resolve("failed"));
        Files.deleteIfExists(out.resolve("results.jsonl"));
        String commit = System.getProperty("soak.commit", "unknown");
        Instant started = Instant.now();
        say("%d schedules of %d s (%s generator), seeds %d..%d, commit %s, nodes %s; report in %s", schedules, seconds,
                generator, seedFrom, seedFrom + schedules - 1, commit, Venue.paired() ? "paired" : "open", out);
        boolean nft = Lan.nftAvailable();
        List<ChaosRun.Result> results = new ArrayList<>();
        for (int i = 0; i < schedules; i++) {
            long seed = seedFrom + i;
            ChaosSchedule s = generator.equals("random") ? ChaosSchedule.random(seed, seconds, nft)
                    : ChaosSchedule.legacy(seed, seconds, nft);
            say("schedule %d/%d: seed %d (replay: ./soak --schedules 1 --seconds %d --seed-from %d%s)", i + 1, schedules,
                    seed, seconds, seed, generator.equals("random") ? "" : " --generator " + generator);
            ChaosRun.Result r;
            try {
                r = ChaosRun.run(s, "soak-" + seed, false);
            } catch (TestAbortedException e) {
                say("the LAN testbed cannot run here: %s", e.getMessage());
                System.exit(2);
                return;
            }
            results.add(r);
            Path kept = null;
            if (!r.passed()) {
                kept = out.resolve("failed").resolve(Long.toString(seed));
                deleteTree(kept);
                Files.move(r.runDir(), kept);
                Files.writeString(kept.resolve("failure.txt"), r.summary() + "\n\n" + r.failure() + "\n");
            }
            say("%s%s", r.summary(), kept == null ? "" : "; logs and timelines in " + kept);
            Files.writeString(out.resolve("results.jsonl"), json(r, kept).toString() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            writeReport(out, results, schedules, seconds, generator, seedFrom, commit, started);
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        say("done: %d passed, %d failed; %s", results.size() - failed, failed, out.resolve("report.txt"));
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println("soak: " + option + " needs a value");
            System.exit(64);
        }
        return value;
    }

    private static void say(String fmt, Object... args) {
        System.out.println("[soak] " + String.format(fmt, args));
    }

    private static ObjectNode json(ChaosRun.Result r, Path kept) {
        ObjectNode o = Node.JSON.createObjectNode();
        o.put("seed", r.schedule().seed());
        o.put("generator", r.schedule().generator());
        o.put("passed", r.passed());
        if (!r.passed()) {
            o.put("classification", r.classification());
            o.put("stage", r.stage());
            o.put("failure", ChaosRun.firstLine(r.failure()));
            o.put("logs", String.valueOf(kept));
        }
        ObjectNode c = o.putObject("faults");
        r.counts().forEach(c::put);
        o.put("leaderLosses", r.leaderLosses());
        o.put("cuesSent", r.cuesSent());
        o.put("cuesAckedByAll", r.cuesAckedByAll());
        o.put("deliveriesSent", r.deliveriesSent());
        o.put("deliveriesAcked", r.deliveriesAcked());
        o.put("applied", r.applied());
        o.put("deliveriesChecked", r.deliveriesChecked());
        o.put("ackedLost", r.ackedLost());
        o.put("appliedTwice", r.appliedTwice());
        o.put("otherViolations", r.otherViolations());
        o.put("displays", r.displays());
        o.put("displaysConverged", r.displaysConverged());
        ArrayNode two = o.putArray("twoLeadersAfterHealMs");
        r.twoLeadersAfterHealMs().forEach(two::add);
        o.put("seconds", Math.round(r.seconds()));
        return o;
    }

    private static void writeReport(Path out, List<ChaosRun.Result> results, int planned, int seconds, String generator,
            long seedFrom, String commit, Instant started) throws IOException {
        Map<String, Integer> totals = new LinkedHashMap<>();
        ChaosRun.COUNTERS.forEach(k -> totals.put(k, 0));
        results.forEach(r -> r.counts().forEach((k, v) -> totals.merge(k, v, Integer::sum)));
        long passed = results.stream().filter(ChaosRun.Result::passed).count();
        int leaderLosses = results.stream().mapToInt(ChaosRun.Result::leaderLosses).sum();
        int sent = results.stream().mapToInt(ChaosRun.Result::cuesSent).sum();
        int ackedByAll = results.stream().mapToInt(ChaosRun.Result::cuesAckedByAll).sum();
        int deliveriesSent = results.stream().mapToInt(ChaosRun.Result::deliveriesSent).sum();
        int deliveriesAcked = results.stream().mapToInt(ChaosRun.Result::deliveriesAcked).sum();
        int applied = results.stream().mapToInt(ChaosRun.Result::applied).sum();
        int checked = results.stream().mapToInt(ChaosRun.Result::deliveriesChecked).sum();
        int lost = results.stream().mapToInt(ChaosRun.Result::ackedLost).sum();
        int twice = results.stream().mapToInt(ChaosRun.Result::appliedTwice).sum();
        int otherViolations = results.stream().mapToInt(ChaosRun.Result::otherViolations).sum();
        int displays = results.stream().mapToInt(ChaosRun.Result::displays).sum();
        int converged = results.stream().mapToInt(ChaosRun.Result::displaysConverged).sum();
        List<Long> heals = results.stream().flatMap(r -> r.twoLeadersAfterHealMs().stream()).toList();
        long maxTwo = heals.stream().mapToLong(Long::longValue).max().orElse(0);
        long overHeartbeat = heals.stream().filter(ms -> ms > ChaosRun.HEARTBEAT.toMillis()).count();
        int consecutive = 0;
        int best = 0;
        for (ChaosRun.Result r : results) {
            consecutive = r.passed() ? consecutive + 1 : 0;
            best = Math.max(best, consecutive);
        }
        Map<String, List<Long>> failedByClass = new LinkedHashMap<>();
        results.stream().filter(r -> !r.passed()).forEach(r -> failedByClass
                .computeIfAbsent(r.classification(), k -> new ArrayList<>()).add(r.schedule().seed()));
        double wall = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;

        StringBuilder t = new StringBuilder();
        t.append("livecontrol chaos soak, started ").append(started).append(", commit ").append(commit)
                .append(", nodes ").append(Venue.paired() ? "paired" : "open (-Dtestbed.security=open)").append('\n');
        t.append(String.format("command: ./soak --schedules %d --seconds %d --seed-from %d%s%n", planned, seconds, seedFrom,
                generator.equals("random") ? "" : " --generator " + generator));
        t.append(String.format("seeds %d..%d (%d of %d run), wall time %.0f s%n", seedFrom, seedFrom + results.size() - 1,
                results.size(), planned, wall));
        t.append(String.format("schedules: %d passed, %d failed; longest run of consecutive passes %d%n", passed,
                results.size() - passed, best));
        failedByClass.forEach((k, v) -> t.append(String.format("  failed, %s: %s%n", k, v)));
        t.append(String.format("leader losses: %d (kill -9 of the leader %d, leader power loss %d [then killed %d, link back %d], "
                + "leader frozen %d)%n", leaderLosses, totals.get("leaderKills"), totals.get("leaderPowerLosses"),
                totals.get("powerLossKilled"), totals.get("powerLossRestored"), totals.get("leaderFreezes")));
        t.append(String.format("other kills %d, quick restarts (< 1 s down) %d, other freezes (SIGSTOP/SIGCONT) %d%n",
                totals.get("otherKills"), totals.get("quickRestarts"), totals.get("otherFreezes")));
        t.append(String.format("link cuts %d, partitions (split/join) %d, ICE blocks %d, loss bursts %d, address changes %d; "
                + "faults skipped (target gone or already faulted) %d; faults applied %d%n", totals.get("cuts"),
                totals.get("partitions"), totals.get("iceBlocks"), totals.get("lossBursts"), totals.get("addressChanges"),
                totals.get("skipped"), totals.get("faults")));
        t.append(String.format("cues sent %d, acked by every target %d; deliveries %d sent, %d acked; messages applied %d%n",
                sent, ackedByAll, deliveriesSent, deliveriesAcked, applied));
        t.append(String.format("acked deliveries checked %d: acked but lost %d, applied twice %d, other violations %d%n",
                checked, lost, twice, otherViolations));
        t.append(String.format("displays converged on the final state: %d of %d%n", converged, displays));
        t.append(String.format("partition heals %d: several leaders after the join for at most %d ms; %d heals over one "
                + "heartbeat (%d ms)%n", heals.size(), maxTwo, overHeartbeat, ChaosRun.HEARTBEAT.toMillis()));
        t.append('\n');
        for (ChaosRun.Result r : results) {
            t.append(r.summary()).append('\n');
        }
        Files.writeString(out.resolve("report.txt"), t);

        ObjectNode o = Node.JSON.createObjectNode();
        o.put("started", started.toString());
        o.put("commit", commit);
        o.put("security", Venue.paired() ? "paired" : "open");
        o.put("command", String.format("./soak --schedules %d --seconds %d --seed-from %d%s", planned, seconds, seedFrom,
                generator.equals("random") ? "" : " --generator " + generator));
        o.put("generator", generator);
        o.put("seedFrom", seedFrom);
        o.put("seedTo", seedFrom + results.size() - 1);
        o.put("wallSeconds", Math.round(wall));
        o.put("schedules", results.size());
        o.put("passed", passed);
        o.put("failed", results.size() - passed);
        o.put("longestPassStreak", best);
        ObjectNode fc = o.putObject("failedByClassification");
        failedByClass.forEach((k, v) -> {
            ArrayNode a = fc.putArray(k);
            v.forEach(a::add);
        });
        ObjectNode tt = o.putObject("totals");
        totals.forEach(tt::put);
        tt.put("leaderLosses", leaderLosses);
        tt.put("cuesSent", sent);
        tt.put("cuesAckedByAll", ackedByAll);
        tt.put("deliveriesSent", deliveriesSent);
        tt.put("deliveriesAcked", deliveriesAcked);
        tt.put("applied", applied);
        tt.put("deliveriesChecked", checked);
        tt.put("ackedLost", lost);
        tt.put("appliedTwice", twice);
        tt.put("otherViolations", otherViolations);
        tt.put("displays", displays);
        tt.put("displaysConverged", converged);
        tt.put("partitionHeals", heals.size());
        tt.put("maxTwoLeadersAfterHealMs", maxTwo);
        tt.put("healsOverOneHeartbeat", overHeartbeat);
        ArrayNode each = o.putArray("results");
        for (ChaosRun.Result r : results) {
            each.add(json(r, r.passed() ? null : out.resolve("failed").resolve(Long.toString(r.schedule().seed()))));
        }
        Files.writeString(out.resolve("report.json"), Node.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
