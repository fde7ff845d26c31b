package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Nodes of one room on one host: each a separate JVM ({@link CliProcess}) bound to 127.0.0.1 with its own ephemeral
 * signaling port, in a session of their own (so concurrent tests on this machine stay out). {@link #close()} kills
 * every process it started.
 */
final class OneHostNodes implements AutoCloseable {
    private static final Duration AGREE = Duration.ofSeconds(60);

    private final Path logs;

    OneHostNodes(Path logs) {
        this.logs = logs;
    }

    @Override
    public void close() {
        started.forEach(CliProcess::close);
    }

    private final String session = "one-host-" + UUID.randomUUID();
    private final List<CliProcess> started = new CopyOnWriteArrayList<>();

    CliProcess display(String name, String cls) throws Exception {
        return start(name, List.of("display", "--name", name, "--class", cls, "--id", "display-" + name));
    }

    CliProcess controller(String name) throws Exception {
        return start(name, List.of("controller", "--name", name));
    }

    private CliProcess start(String name, List<String> role) throws Exception {
        List<String> args = new ArrayList<>(role);
        // open: several processes of one host is what is tested here (the displays keep fixed ids across restarts)
        args.addAll(List.of("--json", "--interface", "127.0.0.1", "--port", "0", "--session", session, "--open"));
        long generation = started.stream().filter(p -> p.name.equals(name)).count();
        CliProcess p = CliProcess.start(name, logs.resolve(name + "-" + generation), args);
        started.add(p);
        return p;
    }

    CliProcess restart(CliProcess p) throws Exception {
        CliProcess again = CliProcess.start(p.name, logs.resolve(p.name + "-restarted-" + UUID.randomUUID()), p.args);
        started.add(again);
        return again;
    }

    /** The one node that every node in {@code among} follows and that says it leads, or null. */
    private static CliProcess agreedLeader(List<CliProcess> among) {
        Set<String> views = among.stream().map(p -> String.valueOf(p.leader())).collect(Collectors.toSet());
        List<CliProcess> leaders = among.stream().filter(CliProcess::leadsNow).toList();
        if (views.size() != 1 || views.contains("null") || leaders.size() != 1
                || !views.contains(String.valueOf(leaders.get(0).selfId()))) {
            return null;
        }
        return leaders.get(0);
    }

    private static String views(List<CliProcess> among) {
        return among.stream().map(p -> p.name + "→" + p.leader() + (p.leadsNow() ? "(self)" : "") + (p.alive() ? "" : " exited"))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static CliProcess awaitOneLeader(List<CliProcess> among) {
        try {
            await().pollInterval(Duration.ofMillis(100)).atMost(AGREE).until(() -> agreedLeader(among) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no single agreed leader within " + AGREE + ": " + views(among) + "\n"
                    + among.stream().map(p -> "--- " + p + " log:\n" + p.logTail(30)).collect(Collectors.joining("\n")), e);
        }
        return agreedLeader(among);
    }

    /** The controller has a link to each display and a cue is acked by both (retried until it is). */
    static void awaitLinkedAndAcked(CliProcess controller, List<CliProcess> displays, int slide) {
        List<String> ids = displays.stream().map(d -> "display-" + d.name).toList();
        try {
            await().pollInterval(Duration.ofMillis(100)).atMost(AGREE).until(() -> controller.links().keySet().containsAll(ids));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(controller.name + " has links " + controller.links() + ", wanted " + ids + "\n"
                    + controller.logTail(30), e);
        }
        int[] next = {slide};
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).atMost(AGREE).until(() -> {
            JsonNode r = cue(controller, next[0]++);
            return r.path("sent").asInt() == displays.size() && r.path("acked").asInt() == displays.size();
        });
    }

    private static JsonNode cue(CliProcess controller, int slide) {
        int before = controller.events("result").size();
        controller.command("{\"cmd\":\"slide\",\"index\":" + slide + "}");
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(40))
                .until(() -> controller.events("result").size() > before || !controller.alive());
        assertThat(controller.alive()).as("%s alive", controller.name).isTrue();
        return controller.events("result").get(before);
    }

    /** audience at 0 s, stage at 2 s, the controller at 4 s. */
    List<CliProcess> startTwoSecondsApart() throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            CliProcess audience = display("audience", "audience");
            ScheduledFuture<CliProcess> stage = later.schedule(() -> display("stage", "stage"), 2, TimeUnit.SECONDS);
            ScheduledFuture<CliProcess> booth = later.schedule(() -> controller("booth"), 4, TimeUnit.SECONDS);
            return List.of(audience, stage.get(30, TimeUnit.SECONDS), booth.get(30, TimeUnit.SECONDS));
        } finally {
            later.shutdownNow();
        }
    }

    static CliProcess controllerOf(List<CliProcess> nodes) {
        return nodes.stream().filter(p -> p.args.contains("controller")).findFirst().orElseThrow();
    }

    static List<CliProcess> displaysOf(List<CliProcess> nodes) {
        return nodes.stream().filter(p -> !p.args.contains("controller")).toList();
    }
}
