package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's words and layout: suggestions, tables, colors. */
class ConsoleTextTest {

    @Test
    void aTypoGetsTheCommandItWasMeantToBe() {
        assertThat(Suggestions.closest("blck", OperatorCommands.COMMANDS)).contains("black");
        assertThat(Suggestions.closest("peers", List.of("peers"))).isEmpty(); // not a typo
        assertThat(Suggestions.closest("pers", OperatorCommands.COMMANDS)).contains("peers");
        assertThat(Suggestions.closest("laeder", OperatorCommands.COMMANDS)).contains("leader"); // swapped letters
        assertThat(Suggestions.closest("SLIDE", OperatorCommands.COMMANDS)).isEmpty(); // same word
        assertThat(Suggestions.closest("Slid", OperatorCommands.COMMANDS)).contains("slide");
        assertThat(Suggestions.closest("q", OperatorCommands.COMMANDS)).contains("quit"); // the one with that start
    }

    @Test
    void noGuessWhenNothingIsCloseOrTwoAreEquallyClose() {
        assertThat(Suggestions.closest("xyzzy", OperatorCommands.COMMANDS)).isEmpty();
        assertThat(Suggestions.closest("s", OperatorCommands.COMMANDS)).isEmpty(); // slide, sync, stats
        assertThat(Suggestions.closest("of", List.of("on", "off"))).contains("off"); // on/off tie; the prefix decides
        assertThat(Suggestions.closest("", OperatorCommands.COMMANDS)).isEmpty();
    }

    @Test
    void tableColumnsAlignOnVisibleWidthWhateverTheColors() {
        Style color = Style.forOutput(true, Map.of("TERM", "xterm"));
        Table t = new Table("NAME", "LINK", "RTT");
        String[] a = {"stage-left", "webrtc", "0.42 ms"};
        String[] b = {"tv", "relay", "—"};
        t.styledRow(a, new String[] {color.name(a[0]), color.ok(a[1]), a[2]});
        t.styledRow(b, new String[] {color.name(b[0]), color.warn(b[1]), b[2]});
        List<String> lines = t.render("  ", true, color);
        assertThat(lines.stream().map(Style::strip).toList()).containsExactly(
                "  NAME        LINK    RTT",
                "  stage-left  webrtc  0.42 ms",
                "  tv          relay   —");
        assertThat(lines.get(1)).contains("\033[36mstage-left\033[0m");
    }

    @Test
    void colorsOnlyOnATerminalAndNeverWithNoColor() {
        assertThat(Style.forOutput(true, Map.of("TERM", "xterm-256color")).colored()).isTrue();
        assertThat(Style.forOutput(false, Map.of("TERM", "xterm-256color")).colored()).isFalse();
        assertThat(Style.forOutput(true, Map.of("TERM", "xterm-256color", "NO_COLOR", "1")).colored()).isFalse();
        assertThat(Style.forOutput(true, Map.of("TERM", "dumb")).colored()).isFalse();
        // an empty NO_COLOR does not count (no-color.org)
        assertThat(Style.forOutput(true, Map.of("TERM", "xterm", "NO_COLOR", "")).colored()).isTrue();
        assertThat(Style.PLAIN.ok("✔")).isEqualTo("✔");
    }

    @Test
    void idsAreShortUnlessVerbose() {
        String id = "4944a40a-a7cb-40a3-a048-43313718a060";
        assertThat(new Names(false).id(id)).isEqualTo("4944a40a");
        assertThat(new Names(true).id(id)).isEqualTo(id);
        assertThat(new Names(false).revision(new org.mobileworship.livecontrol.api.Revision(12, id))).isEqualTo("12@4944a40a");
    }

    @Test
    void aLeaderIsOneReadableLine() {
        var status = new org.mobileworship.livecontrol.api.LeaderStatus(
                org.mobileworship.livecontrol.api.PeerId.of("4944a40a-a7cb-40a3-a048-43313718a060"), true, 1,
                new java.net.InetSocketAddress("127.0.0.1", 44279));
        assertThat(Names.leaderLine(status, "booth", "controller", new Names(false)))
                .isEqualTo("booth (this controller, 4944a40a) · term 1 · signaling at 127.0.0.1:44279");
        assertThat(Names.leaderLine(org.mobileworship.livecontrol.api.LeaderStatus.none(3), "", "", new Names(false)))
                .isEqualTo("no leader yet: an election is running (term 3)");
    }

    @Test
    void aFailedDeliverySaysWhy() {
        var peer = org.mobileworship.livecontrol.api.PeerId.of("4944a40a-a7cb-40a3-a048-43313718a060");
        var x = new java.util.concurrent.CompletionException(new org.mobileworship.livecontrol.api.DeliveryException(
                org.mobileworship.livecontrol.api.DeliveryException.Reason.REJECTED, peer, "m-1", "unknown item"));
        assertThat(OperatorCommands.whyFailed(x)).isEqualTo("the display rejected it: unknown item [REJECTED]");
        var timeout = new org.mobileworship.livecontrol.api.DeliveryException(
                org.mobileworship.livecontrol.api.DeliveryException.Reason.TIMEOUT, peer, "m-2", "no ack after 10 s");
        assertThat(OperatorCommands.whyFailed(timeout)).contains("no ack before the delivery deadline").endsWith("[TIMEOUT]");
    }
}
