package org.mobileworship.livecontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.protocol.DeviceProofs;

class DeviceIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void firstStartMakesAnOwnerOnlyKeyAndLaterStartsLoadIt() throws Exception {
        Path state = tmp.resolve("state/booth");
        DeviceIdentity first = DeviceIdentity.loadOrCreate(state);
        Path key = state.resolve(DeviceIdentity.PRIVATE_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder(DeviceIdentity.PRIVATE_KEY_FILE, DeviceIdentity.PUBLIC_KEY_FILE);
        }

        DeviceIdentity again = DeviceIdentity.loadOrCreate(state);
        assertThat(again.peerId()).isEqualTo(first.peerId());
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(DeviceIdentity.loadOrCreate(tmp.resolve("other")).peerId()).isNotEqualTo(first.peerId());
    }

    @Test
    void thePeerIdIsTheHashOfThePublicKeyAndSignaturesVerify() throws Exception {
        DeviceIdentity id = DeviceIdentity.ephemeral();
        String expected = "k-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.publicKey()));
        assertThat(id.peerId().value()).isEqualTo(expected);
        assertThat(DeviceProofs.isKeyBound(id.peerId().value())).isTrue();
        assertThat(DeviceProofs.isKeyBound("booth-laptop")).isFalse();

        byte[] data = DeviceProofs.registrationTranscript("nonce-1", "", id.peerId().value(), "controller", "Booth", "");
        byte[] sig = id.sign(data);
        assertThat(sig).as("P1363 r||s, as WebCrypto").hasSize(64);
        assertThat(DeviceProofs.verify(id.publicKey(), data, sig)).isTrue();
        byte[] other = DeviceProofs.registrationTranscript("nonce-2", "", id.peerId().value(), "controller", "Booth", "");
        assertThat(DeviceProofs.verify(id.publicKey(), other, sig)).as("another challenge").isFalse();
        assertThat(DeviceProofs.verify(DeviceIdentity.ephemeral().publicKey(), data, sig)).as("another key").isFalse();
    }

    @Test
    void aKeyReadableByOthersIsRefusedWithTheFix() throws Exception {
        Path state = tmp.resolve("leaky");
        DeviceIdentity.loadOrCreate(state);
        Path key = state.resolve(DeviceIdentity.PRIVATE_KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(state)).isInstanceOf(LiveControlException.class)
                .hasMessageContaining("accessible by other users").hasMessageContaining("chmod 600 " + key);
    }

    @Test
    void aCorruptOrMismatchedKeyIsRefusedNamingTheFile() throws Exception {
        Path state = tmp.resolve("corrupt");
        DeviceIdentity.loadOrCreate(state);
        Path key = state.resolve(DeviceIdentity.PRIVATE_KEY_FILE);
        Files.write(key, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(state)).hasMessageContaining(key.toString())
                .hasMessageContaining("unusable");

        Path mixed = tmp.resolve("mixed");
        DeviceIdentity.loadOrCreate(mixed);
        Files.write(mixed.resolve(DeviceIdentity.PUBLIC_KEY_FILE), DeviceIdentity.ephemeral().publicKey());
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(mixed)).hasMessageContaining("not the public half");
    }
}
