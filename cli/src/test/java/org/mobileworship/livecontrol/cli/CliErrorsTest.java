package org.mobileworship.livecontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.ConfigurationException;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import picocli.CommandLine;

class CliErrorsTest {

    @Test
    void portInUseGetsOneLineAndTheFix() {
        Errors.Explained x = Errors.explain(new LiveControlException(ErrorKind.ADDRESS_IN_USE,
                "signaling port 3010 on 0.0.0.0 is already in use; stop the other process or set livecontrol.signaling.port"));
        assertThat(x.problem()).contains("3010").contains("already in use");
        assertThat(x.fix()).contains("--port");
    }

    @Test
    void missingNativeLibraryPointsAtLibpulse() {
        Errors.Explained x = Errors.explain(new UnsatisfiedLinkError("libpulse.so.0: cannot open shared object file"));
        assertThat(x.fix()).contains("apt-get install libpulse0");
    }

    @Test
    void noLeaderExplainsMulticastAndInterface() {
        Errors.Explained x = Errors.explain(new LiveControlException(ErrorKind.NO_LEADER, "no leader found within 4 s (0 peer record(s) seen)"));
        assertThat(x.fix()).contains("multicast").contains("--interface");
    }

    @Test
    void invalidConfigValueNamesWhereToFixIt() {
        Errors.Explained x = Errors.explain(new ConfigurationException("livecontrol.signaling.port", "x", "an integer"));
        assertThat(x.problem()).contains("livecontrol.signaling.port");
        assertThat(x.fix()).contains("--config");
    }

    @Test
    void unknownInterfaceAddressIsRejectedBeforeAnythingStarts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeOptions.requireLocalAddress("203.0.113.77"))
                .isInstanceOf(LiveControlException.class)
                .hasMessageContaining("no network interface has address 203.0.113.77")
                .hasMessageContaining("available");
        Errors.Explained x = Errors.explain(catchThrowable(() -> NodeOptions.requireLocalAddress("203.0.113.77")));
        assertThat(x.fix()).contains("--interface");
    }

    @Test
    void theKindDecidesNotTheWording() {
        // a message that reads like another kind does not fool the mapping
        Errors.Explained x = Errors.explain(new LiveControlException(ErrorKind.NO_LEADER, "port already in use?"));
        assertThat(x.fix()).contains("multicast");
        Errors.Explained y = Errors.explain(new LiveControlException("no leader, invalid value, already in use"));
        assertThat(y.fix()).contains("log file");
    }

    @Test
    void aWrapperKeepsTheKindOfWhatFailed() {
        Errors.Explained x = Errors.explain(new java.util.concurrent.CompletionException(new LiveControlException(
                "cannot start the node", new LiveControlException(ErrorKind.ADDRESS_IN_USE, "port 3010 is taken"))));
        assertThat(x.fix()).contains("--port");
        Errors.Explained y = Errors.explain(new LiveControlException(ErrorKind.MISSING_PLUGIN, "webrtc unavailable",
                new IllegalStateException("load failed", new UnsatisfiedLinkError("libpulse.so.0"))));
        assertThat(y.fix()).contains("apt-get install libpulse0");
    }

    @Test
    void loopbackIsAcceptedAsAnInterface() {
        NodeOptions.requireLocalAddress("127.0.0.1");
    }

    @Test
    void parsingErrorsExitWith2AndUsageIsShown() {
        assertThat(LiveControlCli.run("demo", "--displays", "many")).isEqualTo(2);
        assertThat(LiveControlCli.run("no-such-command")).isEqualTo(2);
        assertThat(LiveControlCli.run("demo", "--displays", "1")).isEqualTo(2);
        assertThat(LiveControlCli.run("display", "--class", "ceiling")).isEqualTo(2);
    }

    @Test
    void aFixedIdOrContradictoryModesAreRefusedBeforeAnythingStarts() {
        // paired (the default): the id comes from the device key, so --id is refused before a key is made
        assertThat(LiveControlCli.run("display", "--name", "tv", "--class", "stage", "--id", "tv-1")).isEqualTo(2);
        assertThat(LiveControlCli.run("display", "--name", "tv", "--class", "stage", "--open", "--paired",
                "--interface", "127.0.0.1")).isEqualTo(1);
    }

    @Test
    void helpListsEveryCommand() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new CommandLine(new LiveControlCli()).usage(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("demo", "controller", "display", "status");
    }

    @Test
    void controllerJsonCommandsMapToConsoleCommands() {
        Console c = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), true);
        assertThat(invokeFromJson("{\"cmd\":\"slide\",\"index\":3}", c)).containsExactly("slide", "3");
        assertThat(invokeFromJson("{\"cmd\":\"black\",\"on\":true}", c)).containsExactly("black", "on");
        assertThat(invokeFromJson("{\"cmd\":\"next\"}", c)).containsExactly("next");
        assertThat(invokeFromJson("{not json", c)).isNull();
    }

    private static String[] invokeFromJson(String line, Console c) {
        return ControllerCommand.fromJson(line, c);
    }
}
