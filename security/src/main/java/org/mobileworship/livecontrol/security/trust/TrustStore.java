package org.mobileworship.livecontrol.security.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.api.spi.signaling.RoomTrust;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's copy of the room's trust list, kept in its state directory ({@value #FILE}, owner-only).
 *
 * <p>Which lists it adopts (the anchor of trust): a list it made itself (a controller pairing or removing a
 * device), the list the controller that paired it sent under the pairing key, and afterwards only a list
 * that is newer than the held one and signed by a controller of the held one. So a device that was never
 * paired adopts nothing from the network (a rogue cannot found a room for it), an older list never replaces a
 * newer one (a removed device cannot be brought back by replaying an old list), and a list signed by anyone
 * else is ignored.
 */
public final class TrustStore implements RoomTrust {
    /** The file, in the state directory. */
    public static final String FILE = "trust-list.json";
    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);

    private final Path file;
    private final DeviceKey self;
    private final String selfId;
    private final boolean enforced;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private TrustList current;
    private String lastRefusal;

    private TrustStore(Path file, DeviceKey self, boolean enforced, Clock clock, TrustList current) {
        this.file = file;
        this.self = self;
        this.selfId = DeviceProofs.peerIdOf(self.publicKey());
        this.enforced = enforced;
        this.clock = clock;
        this.current = current;
    }

    /**
     * Loads the list kept in {@code stateDir} (none on a device never paired).
     *
     * @param enforced paired mode: the list decides who may register, lead and be followed
     * @throws LiveControlException if the kept list is unreadable or its signature does not verify, naming the
     *                              file and the fix
     */
    public static TrustStore load(Path stateDir, DeviceKey self, boolean enforced, Clock clock) {
        Path file = stateDir.resolve(FILE);
        TrustList list = null;
        if (Files.exists(file)) {
            try {
                list = TrustList.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | TrustListException e) {
                throw new LiveControlException("the room's trust list " + file + " is unusable (" + e.getMessage()
                        + "); move it away and pair this device again (livecontrol pair)", e);
            }
        }
        return new TrustStore(file, self, enforced, clock, list);
    }

    @Override
    public boolean enforced() {
        return enforced;
    }

    /** The held list, if any. */
    public synchronized Optional<TrustList> list() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized Optional<String> pairedRole(String peerId) {
        return current == null ? Optional.empty() : current.member(peerId).map(TrustList.Device::role);
    }

    /** Whether this device is a member of the held list. */
    public boolean paired() {
        return pairedRole(selfId).isPresent();
    }

    @Override
    public synchronized String document() {
        return current == null ? "" : current.document();
    }

    @Override
    public boolean offer(String document) {
        if (document == null || document.isEmpty()) {
            return false;
        }
        try {
            return adopt(TrustList.parse(document), null);
        } catch (TrustListException e) {
            refused(e.getMessage());
            return false;
        }
    }

    /**
     * Adopts the list that the controller which paired this device sent with its grant. {@code controllerKey} came
     * under the pairing key, so it is the anchor: the list must be signed by it and list this device.
     */
    public boolean adoptFromPairing(String document, byte[] controllerKey) throws TrustListException {
        TrustList list = TrustList.parse(document);
        String controllerId = DeviceProofs.peerIdOf(controllerKey);
        if (!list.signerId().equals(controllerId) || !list.isController(controllerId)) {
            throw new TrustListException("the trust list from pairing is not signed by the controller that paired"
                    + " this device");
        }
        if (list.member(selfId).isEmpty()) {
            throw new TrustListException("the trust list from pairing does not list this device");
        }
        return adopt(list, controllerId);
    }

    /**
     * Applies a change this device makes as a controller (pairing or removing a device), founding the room's
     * list with this device as its first controller when it holds none.
     *
     * @param name this device's name if it founds the list
     * @throws IllegalStateException if this device holds a list in which it is not a controller
     */
    public TrustList change(String name, UnaryOperator<TrustList> change) {
        TrustList next;
        synchronized (this) {
            TrustList base = current;
            if (base == null) {
                base = TrustList.founding(self, name, clock.instant());
            } else if (!base.isController(selfId)) {
                throw new IllegalStateException("this device is not a controller of the room's trust list; pair it"
                        + " as a controller first");
            }
            next = change.apply(base);
            store(next);
        }
        changed();
        return next;
    }

    /** Signs the next version with this device's key: for {@link #change}. */
    public DeviceKey signer() {
        return self;
    }

    public Clock clock() {
        return clock;
    }

    private boolean adopt(TrustList list, String pairingAnchor) {
        synchronized (this) {
            if (pairingAnchor == null) {
                if (current == null) {
                    return refused("this device is not paired: it adopts a trust list only from the controller that"
                            + " pairs it (ignored " + list + ")");
                }
                if (list.version() <= current.version()) {
                    if (list.version() < current.version()) {
                        LOG.debug("ignored older {} (holding v{})", list, current.version());
                    }
                    return false;
                }
                if (!current.isController(list.signerId())) {
                    return refused("ignored " + list + ": its signer is not a controller of the held list v"
                            + current.version());
                }
            } else if (current != null && list.version() <= current.version()
                    && current.isController(pairingAnchor)) {
                // re-paired by a controller of the room this device already knows: keep the newer list
                return false;
            }
            store(list);
        }
        LOG.info("adopted {}", list);
        changed();
        return true;
    }

    /** Persists and holds {@code list}; called under this store's lock. */
    private void store(TrustList list) {
        try {
            writeOwnerOnly(list.document());
        } catch (IOException e) {
            throw new LiveControlException("cannot keep the room's trust list in " + file + ": " + e
                    + "; make the state directory writable by this user", e);
        }
        current = list;
    }

    /** Tells the listeners, never under this store's lock (they take their own locks and call back in). */
    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("trust list listener failed", e);
            }
        }
    }

    private boolean refused(String why) {
        synchronized (this) {
            if (!why.equals(lastRefusal)) {
                LOG.warn("trust list: {}", why);
                lastRefusal = why;
            }
        }
        return false;
    }

    private void writeOwnerOnly(String document) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = posix
                ? Files.createTempFile(dir, ".trust-list", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".trust-list", ".tmp");
        try {
            Files.writeString(tmp, document, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Runnable onChange(Runnable listener) {
        Runnable registered = Objects.requireNonNull(listener, "listener")::run; // a distinct object per call
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    /** This device's id (derived from its key). */
    public String selfId() {
        return selfId;
    }

    /** The base64 of a public key, as the list keeps it. */
    public static String keyText(byte[] der) {
        return Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length));
    }
}
