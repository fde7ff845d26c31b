package org.mobileworship.livecontrol.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's identity: an ECDSA P-256 key pair made on first start and kept in the node's state directory,
 * and the peer id derived from its public key ({@link DeviceProofs#peerIdOf}). The private key is written
 * owner-only (0600, in a 0700 directory) and a key file readable by others is refused, as ssh does.
 */
public final class DeviceIdentity implements DeviceKey {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceIdentity.class);
    /** The private key (PKCS#8 DER) in the state directory. */
    public static final String PRIVATE_KEY_FILE = "device-key.p8";
    /** The public key (X.509 SubjectPublicKeyInfo DER), for operators and for checking the pair on load. */
    public static final String PUBLIC_KEY_FILE = "device-key.pub";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final PeerId peerId;

    private DeviceIdentity(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey.clone();
        this.peerId = PeerId.of(DeviceProofs.peerIdOf(publicKey));
    }

    /** A fresh identity kept only in memory (a device that must not be remembered, e.g. in tests). */
    public static DeviceIdentity ephemeral() {
        KeyPair pair = generate();
        return new DeviceIdentity(pair.getPrivate(), pair.getPublic().getEncoded());
    }

    /**
     * Loads the identity from {@code stateDir}, or makes one there on first start. Fails, naming the file and
     * the fix, if the key is unreadable, corrupt, does not match its public key, or is readable by others.
     */
    public static synchronized DeviceIdentity loadOrCreate(Path stateDir) {
        Objects.requireNonNull(stateDir, "stateDir");
        Path keyFile = stateDir.resolve(PRIVATE_KEY_FILE);
        Path pubFile = stateDir.resolve(PUBLIC_KEY_FILE);
        try {
            if (Files.exists(keyFile)) {
                return load(keyFile, pubFile);
            }
            createDirectory(stateDir);
            KeyPair pair = generate();
            writeOwnerOnly(stateDir, pubFile, pair.getPublic().getEncoded());
            try {
                writeOwnerOnly(stateDir, keyFile, pair.getPrivate().getEncoded());
            } catch (FileAlreadyExistsException raced) {
                return load(keyFile, pubFile); // another process of this device made it first
            }
            DeviceIdentity id = new DeviceIdentity(pair.getPrivate(), pair.getPublic().getEncoded());
            LOG.info("created device key {} for peer id {}", keyFile, id.peerId());
            return id;
        } catch (IOException e) {
            throw new LiveControlException("cannot keep the device key in " + stateDir + ": " + e
                    + "; make the directory writable by this user or set livecontrol.state-dir elsewhere", e);
        }
    }

    private static DeviceIdentity load(Path keyFile, Path pubFile) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            if (!OWNER_ONLY_FILE.containsAll(perms)) {
                throw new LiveControlException("device key " + keyFile + " is accessible by other users ("
                        + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + keyFile);
            }
        }
        try {
            PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(
                    new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
            if (!(priv instanceof ECPrivateKey ec) || !ec.getParams().getCurve()
                    .equals(DeviceProofs.p256Parameters().getCurve())) {
                throw new GeneralSecurityException("not a P-256 key");
            }
            byte[] pub = Files.readAllBytes(pubFile);
            DeviceIdentity id = new DeviceIdentity(priv, pub);
            byte[] probe = DeviceProofs.transcript("livecontrol/v1 key check", id.peerId.value());
            if (!DeviceProofs.verify(pub, probe, id.sign(probe))) {
                throw new GeneralSecurityException(pubFile + " is not the public half of " + keyFile);
            }
            return id;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LiveControlException("device key " + keyFile + " is unusable (" + e.getMessage() + "); move it"
                    + " away to start this device with a new identity (it must then be paired again)", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LiveControlException("device key " + keyFile + " has no public key " + pubFile
                    + "; move the key away to start with a new identity", e);
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static Path existingAncestor(Path p) {
        Path a = p.toAbsolutePath();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        return a;
    }

    /**
     * Writes through an owner-only temporary file and a rename, so the key is never visible with wider
     * permissions or half-written; fails with {@link FileAlreadyExistsException} if {@code target} exists.
     */
    private static void writeOwnerOnly(Path dir, Path target, byte[] content) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = posix
                ? Files.createTempFile(dir, ".device-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(dir, ".device-key", ".tmp");
        try {
            Files.write(tmp, content);
            // a rename within the directory; without REPLACE_EXISTING it refuses to overwrite a key
            Files.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(DeviceProofs.p256Parameters(), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new LiveControlException("this JDK cannot make an ECDSA P-256 key: " + e.getMessage(), e);
        }
    }

    /** The peer id bound to this device's key. */
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(DeviceProofs.SIGNATURE_ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new LiveControlException("signing with the device key failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DeviceIdentity[" + peerId + "]";
    }
}
