package org.mobileworship.livecontrol.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.mobileworship.livecontrol.runtime.LiveControlConfig;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustStore;

/**
 * What a node started in paired mode (the default) but not paired yet tells its operator on the console: the
 * leader will refuse it with {@code not-paired}, and the two commands that pair it. Without this the only trace is
 * a line in the log file, and a new display just stays dark.
 */
final class PairingHint {
    private PairingHint() {
    }

    /** Prints the hint when {@code cfg} is paired and this device is not in its own trust list. */
    static void show(Console console, LiveControlConfig cfg, String role, String name) {
        Optional<String> text = text(cfg, role, name);
        if (text.isEmpty()) {
            return;
        }
        console.line(text.get());
        console.json(Console.JSON.createObjectNode().put("event", "not-paired").put("message", text.get()));
    }

    static Optional<String> text(LiveControlConfig cfg, String role, String name) {
        if (!cfg.pairedMode() || cfg.stateDir().isEmpty()) {
            return Optional.empty();
        }
        Path dir = cfg.stateDir().get();
        DeviceIdentity me = DeviceIdentity.loadOrCreate(dir);
        TrustStore trust = TrustStore.load(dir, me, true, Clock.systemUTC());
        if (trust.pairedRole(me.peerId().value()).isPresent()) {
            return Optional.empty();
        }
        String quotedName = "\"" + name.replace("\"", "\\\"") + "\"";
        if (role.equals("controller") && trust.list().isEmpty()) {
            return Optional.of("this controller is not paired yet (paired mode, the default): it founds the room when it"
                    + " pairs its first device:\n  here:           livecontrol pair --state-dir " + dir
                    + " --role display --name \"Stage TV\"\n  on that device: livecontrol pair --state-dir DIR --code"
                    + " <the code shown> --controller <this host>:3011\n  or, to join another controller's room,"
                    + " pair this one from it with --role controller (run --open to let any device join instead)");
        }
        return Optional.of("this " + role + " is not paired yet (paired mode, the default): the leader refuses it"
                + " (not-paired) until it is.\n  on a paired controller: livecontrol pair --state-dir <its dir> --role "
                + role + " --name " + quotedName + "\n  then here:              livecontrol pair --state-dir " + dir
                + " --code <the code shown> --controller <that host>:3011\n  (or run every node --open to let any"
                + " device on the network join)");
    }
}
