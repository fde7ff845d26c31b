package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.trust.TrustList;
import org.mobileworship.livecontrol.security.trust.TrustStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The room's trust list as this device holds it: {@code livecontrol devices --state-dir DIR} lists it;
 * {@code livecontrol devices remove NAME-OR-ID --state-dir DIR} (on a paired controller) signs the next version
 * without that device; {@code devices rename NAME-OR-ID NEW-NAME} signs one with the device renamed. A change reaches
 * the room when this controller's node next registers (it carries the
 * list) and the leader pushes it; run it while this controller's node is stopped, then start it again.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the room's paired devices, or remove one.",
                "livecontrol devices --state-dir DIR",
                "livecontrol devices remove NAME-OR-ID --state-dir DIR   (on a paired controller, its node stopped)",
                "livecontrol devices rename NAME-OR-ID NEW-NAME --state-dir DIR   (likewise)"})
final class DevicesCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", description = "'remove' or 'rename' (default: list)")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEVICE", description = "name, peer id, or a unique start of the id")
    String device;

    @Parameters(index = "2", arity = "0..1", paramLabel = "NEW-NAME", description = "rename: the device's new name")
    String newName;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "this device's state directory")
    Path stateDir;

    @Option(names = "--json", description = "JSON on stdout")
    boolean json;

    @Override
    public Integer call() {
        Console console = Console.system(json);
        try {
            DeviceIdentity key = DeviceIdentity.loadOrCreate(stateDir);
            TrustStore store = TrustStore.load(stateDir, key, true, Clock.systemUTC());
            if (action == null) {
                return list(console, store);
            }
            if (action.equals("remove") && device != null && newName == null) {
                return remove(console, store);
            }
            if (action.equals("rename") && device != null && newName != null) {
                return rename(console, store);
            }
            console.error("unknown action or arguments: " + String.join(" ", action, String.valueOf(device),
                    String.valueOf(newName)).replace(" null", ""), "use `livecontrol devices`,"
                    + " `livecontrol devices remove NAME-OR-ID` or `livecontrol devices rename NAME-OR-ID NEW-NAME`");
            return 2;
        } catch (LiveControlException | IllegalArgumentException | IllegalStateException e) {
            Errors.Explained x = Errors.explain(e);
            console.error(x.problem(), x.fix());
            return 1;
        }
    }

    private int list(Console console, TrustStore store) {
        if (store.list().isEmpty()) {
            console.error("this device holds no trust list: it is not paired",
                    "pair it (`livecontrol pair`), or open a pairing window here to found the room");
            return 1;
        }
        TrustList l = store.list().get();
        ObjectNode out = Console.JSON.createObjectNode().put("event", "devices").put("version", l.version())
                .put("signedBy", l.signerId());
        ArrayNode arr = out.putArray("devices");
        StringBuilder text = new StringBuilder("room trust list v" + l.version() + " (signed by " + l.signerId()
                + ")\n");
        for (TrustList.Device d : l.devices()) {
            arr.addObject().put("peerId", d.peerId()).put("role", d.role()).put("name", d.name())
                    .put("added", d.added()).put("removed", d.removed());
            text.append(String.format("  %-10s %-24s %s%s%s%n", d.role(), d.name(), d.peerId().substring(0, 14) + "…",
                    d.peerId().equals(store.selfId()) ? " (this device)" : "",
                    d.active() ? "" : "  REMOVED " + d.removed()));
        }
        console.json(out);
        console.line(text.toString().stripTrailing());
        return 0;
    }

    /** The one active member {@code device} names (name, id or unique start of the id), or null after an error. */
    private TrustList.Device match(Console console, TrustStore store) {
        TrustList l = store.list().orElseThrow(() -> new LiveControlException("this device holds no trust list"));
        List<TrustList.Device> matches = l.devices().stream().filter(TrustList.Device::active)
                .filter(d -> d.name().equals(device) || d.peerId().startsWith(device)).toList();
        if (matches.size() != 1) {
            console.error(matches.isEmpty() ? "no paired device is named or has an id starting with '" + device + "'"
                    : "'" + device + "' matches " + matches.size() + " devices", "see `livecontrol devices` and give"
                    + " the full peer id");
            return null;
        }
        return matches.get(0);
    }

    private int rename(Console console, TrustStore store) {
        TrustList.Device d = match(console, store);
        if (d == null) {
            return 1;
        }
        TrustList next = store.change("controller", list -> list.renamed(d.peerId(), newName, store.signer(),
                store.clock().instant()));
        console.json(Console.JSON.createObjectNode().put("event", "renamed").put("peerId", d.peerId())
                .put("name", newName.strip()).put("version", next.version()));
        console.line("renamed " + d.role() + " '" + d.name() + "' to '" + newName.strip() + "' (" + d.peerId()
                + "); trust list v" + next.version() + ". Start this controller's node again: the room learns it when"
                + " it registers");
        return 0;
    }

    private int remove(Console console, TrustStore store) {
        TrustList.Device d = match(console, store);
        if (d == null) {
            return 1;
        }
        TrustList next = store.change("controller", list -> list.without(d.peerId(), store.signer(),
                store.clock().instant()));
        console.json(Console.JSON.createObjectNode().put("event", "removed").put("peerId", d.peerId())
                .put("version", next.version()));
        console.line("removed " + d.role() + " '" + d.name() + "' (" + d.peerId() + "); trust list v" + next.version()
                + ". Start this controller's node again: the room learns it when it registers");
        return 0;
    }
}
