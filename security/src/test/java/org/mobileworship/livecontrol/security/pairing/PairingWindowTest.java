package org.mobileworship.livecontrol.security.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.security.DeviceIdentity;
import org.mobileworship.livecontrol.security.pairing.PairingException.Reason;

/**
 * The pairing window and the J-PAKE exchange (security threat T9, "brute-forcing the pairing code", in
 * docs/security.md): one code pairs one device, in a few minutes, within a few attempts, and a wrong code
 * or a tampered exchange gives the same error.
 */
class PairingWindowTest {
    private final DeviceIdentity controller = DeviceIdentity.ephemeral();
    private final DeviceIdentity phone = DeviceIdentity.ephemeral();

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** Runs a whole exchange; returns what the joiner was granted. */
    private static Joiner.Granted pair(PairingWindow window, String code, DeviceIdentity device)
            throws PairingException {
        Joiner joiner = new Joiner(code, device);
        PairingWindow.Exchange exchange = window.accept(joiner.hello());
        PairingMessages.Proof proof = joiner.proof(exchange.reply());
        return joiner.granted(exchange.finish(proof));
    }

    @Test
    void theRightCodePairsTheDeviceWithTheChosenRoleAndBothSidesLearnTheOthersKey() throws Exception {
        PairingWindow window = PairingWindow.open(controller, "display", "Stage TV");
        assertThat(window.code()).matches("\\d{4}-\\d{4}");
        Joiner.Granted granted = pair(window, window.code(), phone);
        assertThat(granted.role()).isEqualTo("display");
        assertThat(granted.name()).isEqualTo("Stage TV");
        assertThat(granted.controllerPublicKey()).isEqualTo(controller.publicKey());
        PairingWindow.PairedDevice device = window.paired().orElseThrow();
        assertThat(device.peerId()).isEqualTo(phone.peerId().value());
        assertThat(device.publicKey()).isEqualTo(phone.publicKey());
        assertThat(window.state()).isEqualTo(PairingWindow.State.USED);
    }

    @Test
    void oneCodePairsOneDevice() throws Exception {
        PairingWindow window = PairingWindow.open(controller, "controller", "Tablet");
        pair(window, window.code(), phone);
        assertThatThrownBy(() -> pair(window, window.code(), DeviceIdentity.ephemeral()))
                .isInstanceOf(PairingException.class).extracting(e -> ((PairingException) e).reason())
                .isEqualTo(Reason.USED);
        assertThat(window.paired().orElseThrow().peerId()).isEqualTo(phone.peerId().value());
    }

    @Test
    void bruteForceIsBoundedThenTheWindowLocksEvenForTheRightCode() throws Exception {
        PairingWindow window = PairingWindow.open(controller, "display", "Lobby", PairingWindow.DEFAULT_LIFETIME,
                3, Clock.systemUTC());
        String bad = wrong(window.code());
        for (int i = 0; i < 3; i++) {
            PairingException e = org.junit.jupiter.api.Assertions.assertThrows(PairingException.class,
                    () -> pair(window, bad, DeviceIdentity.ephemeral()));
            assertThat(e.reason()).isEqualTo(Reason.REJECTED);
            assertThat(e.getMessage()).contains("code was not accepted").contains((2 - i) + " attempt(s) left");
        }
        assertThat(window.state()).isEqualTo(PairingWindow.State.LOCKED);
        PairingException locked = org.junit.jupiter.api.Assertions.assertThrows(PairingException.class,
                () -> pair(window, window.code(), phone));
        assertThat(locked.reason()).isEqualTo(Reason.LOCKED);
        assertThat(window.paired()).isEmpty();
    }

    @Test
    void abandonedExchangesCountAsAttempts() throws Exception {
        PairingWindow window = PairingWindow.open(controller, "display", "x", Duration.ofMinutes(3), 2,
                Clock.systemUTC());
        window.accept(new Joiner(window.code(), DeviceIdentity.ephemeral()).hello()); // never finished
        window.accept(new Joiner(window.code(), DeviceIdentity.ephemeral()).hello());
        assertThatThrownBy(() -> window.accept(new Joiner(window.code(), phone).hello()))
                .extracting(e -> ((PairingException) e).reason()).isEqualTo(Reason.LOCKED);
    }

    @Test
    void aWindowExpires() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        PairingWindow window = PairingWindow.open(controller, "display", "x", Duration.ofMinutes(3), 3, clock);
        now.set(now.get().plus(Duration.ofMinutes(3)));
        assertThat(window.state()).isEqualTo(PairingWindow.State.EXPIRED);
        assertThatThrownBy(() -> pair(window, window.code(), phone))
                .extracting(e -> ((PairingException) e).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void aSubstitutedDeviceKeyIsRejectedLikeAWrongCode() throws Exception {
        PairingWindow window = PairingWindow.open(controller, "controller", "Booth");
        Joiner joiner = new Joiner(window.code(), phone);
        PairingWindow.Exchange exchange = window.accept(joiner.hello());
        PairingMessages.Proof proof = joiner.proof(exchange.reply());
        // someone in the middle swaps in their own key, keeping the MAC they cannot recompute
        DeviceIdentity rogue = DeviceIdentity.ephemeral();
        PairingMessages.Proof swapped = new PairingMessages.Proof(proof.round2(), proof.round3(), rogue.publicKey(),
                proof.deviceKeyMac());
        PairingException e = org.junit.jupiter.api.Assertions.assertThrows(PairingException.class,
                () -> exchange.finish(swapped));
        assertThat(e.reason()).isEqualTo(Reason.REJECTED);
        assertThat(window.paired()).isEmpty();
    }

    @Test
    void aFakeControllerThatDoesNotKnowTheCodeIsDetectedByTheDevice() throws Exception {
        PairingWindow real = PairingWindow.open(controller, "display", "x");
        PairingWindow fake = PairingWindow.open(DeviceIdentity.ephemeral(), "display", "x");
        Joiner joiner = new Joiner(real.code(), phone);
        PairingWindow.Exchange exchange = fake.accept(joiner.hello());
        PairingMessages.Proof proof = joiner.proof(exchange.reply());
        assertThatThrownBy(() -> exchange.finish(proof)).extracting(e -> ((PairingException) e).reason())
                .isEqualTo(Reason.REJECTED);
    }

    @Test
    void badCodesAreRefusedBeforeAnyExchange() {
        assertThatThrownBy(() -> new Joiner("12-34", phone)).hasMessageContaining("8 digits");
    }
}
