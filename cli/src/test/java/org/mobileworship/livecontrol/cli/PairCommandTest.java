package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code livecontrol pair} and {@code livecontrol devices} as an operator runs them (JSON output), on loopback: a
 * controller opens a window, a new device pairs with the code after a wrong one, the controller lists it and
 * removes it.
 */
class PairCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @TempDir
    Path state;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    private List<JsonNode> events() {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    private Optional<JsonNode> event(String name) {
        return events().stream().filter(e -> e.path("event").asText().equals(name)).findFirst();
    }

    @Test
    void aControllerPairsADeviceThatGaveTheCodeThenListsAndRemovesIt() throws Exception {
        String booth = state.resolve("booth").toString();
        String stage = state.resolve("stage").toString();
        CompletableFuture<Integer> window = CompletableFuture.supplyAsync(() -> LiveControlCli.run("pair",
                "--state-dir", booth, "--role", "display", "--name", "Stage TV", "--interface", "127.0.0.1",
                "--pair-port", "0", "--json"));
        JsonNode opened = await().atMost(Duration.ofSeconds(20)).until(() -> event("pairing-window"),
                Optional::isPresent).orElseThrow();
        String code = opened.path("code").asText();
        String address = opened.path("controller").asText();
        assertThat(opened.path("url").asText()).as("the /pair page of this host's node; token and endpoint in the fragment")
                .startsWith("http://127.0.0.1:3010/pair#token=").contains("&endpoint=" + address + "&role=display");

        String wrong = code.substring(0, 8) + (char) ('0' + (code.charAt(8) - '0' + 1) % 10);
        assertThat(LiveControlCli.run("pair", "--state-dir", stage, "--code", wrong, "--controller", address,
                "--json")).isEqualTo(1);
        assertThat(event("pairing-failed").orElseThrow().path("reason").asText()).isEqualTo("rejected");

        assertThat(LiveControlCli.run("pair", "--state-dir", stage, "--code", code, "--controller", address,
                "--json")).isEqualTo(0);
        assertThat(window.get(20, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(events().stream().filter(e -> e.path("event").asText().equals("paired")))
                .anySatisfy(e -> assertThat(e.path("name").asText()).isEqualTo("Stage TV"))
                .allSatisfy(e -> assertThat(e.path("role").asText()).isEqualTo("display"));

        captured.reset();
        assertThat(LiveControlCli.run("devices", "--state-dir", stage, "--json")).isEqualTo(0);
        JsonNode list = event("devices").orElseThrow();
        assertThat(list.path("devices").findValuesAsText("name")).containsExactly("controller", "Stage TV");

        // renaming signs a new version; the key, role and id stay
        captured.reset();
        assertThat(LiveControlCli.run("devices", "rename", "Stage TV", "Stage left", "--state-dir", booth, "--json"))
                .isEqualTo(0);
        assertThat(event("renamed").orElseThrow().path("version").asLong()).isEqualTo(3);
        captured.reset();
        LiveControlCli.run("devices", "--state-dir", booth, "--json");
        assertThat(event("devices").orElseThrow().path("devices").findValuesAsText("name"))
                .containsExactly("controller", "Stage left");
        assertThat(LiveControlCli.run("devices", "rename", "Stage left", " ", "--state-dir", booth, "--json"))
                .as("a blank name").isEqualTo(1);
        assertThat(LiveControlCli.run("devices", "rename", "nobody", "X", "--state-dir", booth, "--json")).isEqualTo(1);

        captured.reset();
        assertThat(LiveControlCli.run("devices", "remove", "Stage left", "--state-dir", booth, "--json")).isEqualTo(0);
        assertThat(event("removed").orElseThrow().path("version").asLong()).isEqualTo(4);
        captured.reset();
        LiveControlCli.run("devices", "--state-dir", booth, "--json");
        assertThat(event("devices").orElseThrow().path("devices").get(1).path("removed").isNull()).isFalse();
        // a display may not sign the list
        assertThat(LiveControlCli.run("devices", "remove", "controller", "--state-dir", stage, "--json"))
                .isEqualTo(1);
    }

    @Test
    void aDevicePairsWithTheQrCodesText() throws Exception {
        String booth = state.resolve("booth").toString();
        CompletableFuture<Integer> window = CompletableFuture.supplyAsync(() -> LiveControlCli.run("pair",
                "--state-dir", booth, "--role", "controller", "--name", "Tablet", "--interface", "127.0.0.1",
                "--pair-port", "0", "--pages", "127.0.0.1:3999", "--json"));
        JsonNode opened = await().atMost(Duration.ofSeconds(20)).until(() -> event("pairing-window"),
                Optional::isPresent).orElseThrow();
        String url = opened.path("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:3999/pair#token=");
        assertThat(LiveControlCli.run("pair", "--state-dir", state.resolve("tablet").toString(), "--url", url,
                "--json")).isEqualTo(0);
        assertThat(window.get(20, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(events().stream().filter(e -> e.path("event").asText().equals("paired")))
                .allSatisfy(e -> assertThat(e.path("role").asText()).isEqualTo("controller"));
        assertThat(LiveControlCli.run("pair", "--state-dir", state.resolve("x").toString(), "--url",
                "http://127.0.0.1:3999/pair#endpoint=127.0.0.1:3011", "--json")).isEqualTo(2);
    }
}
