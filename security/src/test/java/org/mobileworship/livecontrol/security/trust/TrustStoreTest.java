package org.mobileworship.livecontrol.security.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobileworship.livecontrol.security.DeviceIdentity;

/**
 * The room's trust list (docs/security.md T10, and the list's own integrity): what a device adopts, what it
 * ignores, and that a removal survives restarts.
 */
class TrustStoreTest {
    @TempDir
    Path dir;

    private final DeviceIdentity booth = DeviceIdentity.ephemeral();
    private final DeviceIdentity stage = DeviceIdentity.ephemeral();
    private final Clock clock = Clock.systemUTC();

    private static TrustList.Device device(DeviceIdentity key, String role, String name) {
        return new TrustList.Device(key.peerId().value(), TrustStore.keyText(key.publicKey()), role, name,
                Instant.now().toString(), null);
    }

    /** The booth founds the room and pairs the stage; the stage holds the list from pairing. */
    private TrustStore[] room() throws Exception {
        TrustStore b = TrustStore.load(dir.resolve("booth"), booth, true, clock);
        TrustList v2 = b.change("Booth", l -> l.with(device(stage, "display", "Stage"), booth, clock.instant()));
        TrustStore s = TrustStore.load(dir.resolve("stage"), stage, true, clock);
        assertThat(s.adoptFromPairing(v2.document(), booth.publicKey())).isTrue();
        return new TrustStore[] {b, s};
    }

    @Test
    void aNewerListSignedByAControllerIsAdoptedAndKeptInAnOwnerOnlyFile() throws Exception {
        TrustStore[] r = room();
        TrustList v3 = r[0].change("Booth", l -> l.with(device(DeviceIdentity.ephemeral(), "display", "Lobby"),
                booth, clock.instant()));
        assertThat(r[1].offer(v3.document())).isTrue();
        assertThat(r[1].document()).isEqualTo(v3.document());
        Path file = dir.resolve("stage").resolve(TrustStore.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aRenameIsANewerSignedVersionThatKeepsTheKeyAndRoleAndReachesTheOtherDevice() throws Exception {
        TrustStore[] r = room();
        TrustList v3 = r[0].change("Booth", l -> l.renamed(stage.peerId().value(), " Stage left ", booth,
                clock.instant()));
        assertThat(v3.version()).isEqualTo(3);
        TrustList.Device renamed = v3.member(stage.peerId().value()).orElseThrow();
        assertThat(renamed.name()).isEqualTo("Stage left");
        assertThat(renamed.role()).isEqualTo("display");
        assertThat(renamed.publicKey()).isEqualTo(TrustStore.keyText(stage.publicKey()));
        assertThat(r[1].offer(v3.document())).isTrue();
        assertThat(r[1].list().orElseThrow().member(stage.peerId().value()).orElseThrow().name()).isEqualTo("Stage left");
        TrustList held = r[0].list().orElseThrow();
        assertThatThrownBy(() -> held.renamed(stage.peerId().value(), " ", booth, clock.instant()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64 characters");
        assertThatThrownBy(() -> held.renamed("k-nobody", "X", booth, clock.instant()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member");
    }

    @Test
    void aListWithABadSignatureIsIgnored() throws Exception {
        TrustStore[] r = room();
        TrustList v3 = TrustList.sign(3, r[1].list().orElseThrow().devices(), booth, clock.instant());
        // flip the version inside the signed body: the signature no longer covers it
        String tampered = v3.document().replace("\\\"version\\\":3", "\\\"version\\\":9");
        assertThat(tampered).isNotEqualTo(v3.document());
        assertThatThrownBy(() -> TrustList.parse(tampered)).isInstanceOf(TrustListException.class)
                .hasMessageContaining("signature does not verify");
        assertThat(r[1].offer(tampered)).isFalse();
        assertThat(r[1].list().orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void anOlderListIsIgnoredSoARemovedDeviceCannotBeBroughtBackByReplayingIt() throws Exception {
        TrustStore[] r = room();
        String withStage = r[0].document();
        TrustList v3 = r[0].change("Booth", l -> l.without(stage.peerId().value(), booth, clock.instant()));
        TrustStore lobby = TrustStore.load(dir.resolve("lobby"), DeviceIdentity.ephemeral(), true, clock);
        assertThat(lobby.offer(v3.document())).as("a never-paired device adopts nothing from the network").isFalse();
        assertThat(r[1].offer(v3.document())).isTrue();
        assertThat(r[1].pairedRole(stage.peerId().value())).isEmpty();
        assertThat(r[1].offer(withStage)).isFalse();
        assertThat(r[0].offer(withStage)).isFalse();
        assertThat(r[0].pairedRole(stage.peerId().value())).isEmpty();
    }

    @Test
    void aListSignedByANonControllerIsIgnoredEvenIfNewer() throws Exception {
        TrustStore[] r = room();
        // the stage (a display) signs a newer list making itself a controller
        TrustList forged = TrustList.sign(7, java.util.List.of(device(stage, "controller", "Stage"),
                device(booth, "controller", "Booth")), stage, clock.instant());
        assertThat(r[0].offer(forged.document())).isFalse();
        assertThat(r[0].pairedRole(stage.peerId().value())).contains("display");
        // a rogue founding its own room is ignored too
        DeviceIdentity rogue = DeviceIdentity.ephemeral();
        assertThat(r[1].offer(TrustList.founding(rogue, "Rogue", clock.instant()).document())).isFalse();
    }

    @Test
    void aRemovalSurvivesARestartOfEveryone() throws Exception {
        TrustStore[] r = room();
        TrustList v3 = r[0].change("Booth", l -> l.without(stage.peerId().value(), booth, clock.instant()));
        assertThat(r[1].offer(v3.document())).isTrue();
        TrustStore boothAgain = TrustStore.load(dir.resolve("booth"), booth, true, clock);
        TrustStore stageAgain = TrustStore.load(dir.resolve("stage"), stage, true, clock);
        assertThat(boothAgain.pairedRole(stage.peerId().value())).isEmpty();
        assertThat(stageAgain.pairedRole(stage.peerId().value())).isEmpty();
        assertThat(boothAgain.list().orElseThrow().version()).isEqualTo(3);
        assertThat(stageAgain.paired()).isFalse();
    }

    @Test
    void aCorruptKeptListStopsTheStartWithTheFix() throws Exception {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x").resolve(TrustStore.FILE), "{\"format\":\"nope\"}");
        assertThatThrownBy(() -> TrustStore.load(dir.resolve("x"), booth, true, clock))
                .hasMessageContaining("trust-list.json").hasMessageContaining("pair this device again");
    }
}
