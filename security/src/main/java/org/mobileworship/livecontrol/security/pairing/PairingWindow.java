package org.mobileworship.livecontrol.security.pairing;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.jpake.JPAKEPrimeOrderGroups;
import org.bouncycastle.crypto.agreement.jpake.JPAKEParticipant;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.pairing.PairingException.Reason;

/**
 * A controller's pairing window: one short code, for one device, for a few minutes and a few attempts. The new
 * device proves it knows the code with J-PAKE in the NIST 3072-bit prime-order group (Bouncy Castle), so the code never crosses the
 * network and an eavesdropper or a fake controller cannot test guesses offline; each exchange the window
 * answers costs one attempt, whether it completes or not, and when they are used up the window locks.
 *
 * <p>Served on the network by {@link PairingEndpoint}; the paired device enters the room's trust list (docs/security.md).
 */
public final class PairingWindow {
    /** How long a window stays open unless told otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(3);
    /** Exchanges a window answers before it locks. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Digits of the code: 10^8 codes, so three online guesses succeed with probability 3 in 100 million. */
    static final int CODE_DIGITS = 8;
    /** Characters of the QR code's one-time token: 128 random bits, base64url. */
    static final int TOKEN_CHARS = 22;

    /** Where a window is. */
    public enum State { OPEN, USED, LOCKED, EXPIRED }

    /** The device a window paired: its key (and the id derived from it) and what the operator granted. */
    public record PairedDevice(String peerId, byte[] publicKey, String role, String name) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceKey controller;
    private final String controllerId;
    private final String role;
    private final String name;
    private final char[] digits;
    private final String token;
    private final Instant expires;
    private final Clock clock;
    private int attemptsLeft;
    /** Exchanges answered but not finished; guarded by this. */
    private int pending;
    private final java.util.concurrent.CompletableFuture<State> ended = new java.util.concurrent.CompletableFuture<>();
    private State state = State.OPEN;
    private PairedDevice paired;

    private PairingWindow(DeviceKey controller, String role, String name, Duration lifetime, int attempts,
                          Clock clock) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.controllerId = DeviceProofs.peerIdOf(controller.publicKey());
        this.role = Objects.requireNonNull(role, "role");
        this.name = Objects.requireNonNull(name, "name");
        if (!role.equals("controller") && !role.equals("display")) {
            throw new IllegalArgumentException("role must be controller or display, not '" + role + "'");
        }
        if (attempts < 1 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a pairing window needs at least one attempt and a positive lifetime");
        }
        this.clock = clock;
        this.expires = clock.instant().plus(lifetime);
        this.attemptsLeft = attempts;
        this.digits = new char[CODE_DIGITS];
        for (int i = 0; i < CODE_DIGITS; i++) {
            digits[i] = (char) ('0' + RANDOM.nextInt(10));
        }
        byte[] t = new byte[16];
        RANDOM.nextBytes(t);
        this.token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(t);
    }

    /** Opens a window granting {@code role} and {@code name} to the device that proves the code. */
    public static PairingWindow open(DeviceKey controller, String role, String name, Duration lifetime, int attempts,
                                     Clock clock) {
        return new PairingWindow(controller, role, name, lifetime, attempts, clock);
    }

    /** Opens a window with the default lifetime and attempts. */
    public static PairingWindow open(DeviceKey controller, String role, String name) {
        return open(controller, role, name, DEFAULT_LIFETIME, DEFAULT_ATTEMPTS, Clock.systemUTC());
    }

    /** The code to show the operator, as {@code 1234-5678}. */
    public String code() {
        String d = new String(digits);
        return d.substring(0, 4) + "-" + d.substring(4);
    }

    /**
     * The one-time token for the QR code: 128 random bits, so a device that scanned it proves far more than the
     * code; the same attempts, lifetime and single use apply to both secrets.
     */
    public String token() {
        return token;
    }

    /** The role this window grants. */
    public String role() {
        return role;
    }

    /** The name this window grants. */
    public String name() {
        return name;
    }

    public synchronized State state() {
        refreshExpiry();
        return state;
    }

    public synchronized int attemptsLeft() {
        return attemptsLeft;
    }

    public synchronized Instant expiresAt() {
        return expires;
    }

    /** The device this window paired, once it has. */
    public synchronized Optional<PairedDevice> paired() {
        return Optional.ofNullable(paired);
    }

    private void refreshExpiry() {
        if (state == State.OPEN && !clock.instant().isBefore(expires)) {
            state = State.EXPIRED;
        }
    }

    private void requireOpen() throws PairingException {
        refreshExpiry();
        switch (state) {
            case OPEN -> {
            }
            case USED -> throw new PairingException(Reason.USED,
                    "this pairing code was already used by a device; open a new pairing window");
            case LOCKED -> throw new PairingException(Reason.LOCKED,
                    "this pairing window is locked after too many attempts; open a new one");
            case EXPIRED -> throw new PairingException(Reason.EXPIRED,
                    "this pairing window has expired; open a new one");
        }
    }

    /**
     * Answers a new device's first message. Costs one attempt (so unfinished exchanges count too).
     *
     * @throws PairingException if the window is not open, or the message is malformed ({@link Reason#REJECTED})
     */
    public synchronized Exchange accept(PairingMessages.Hello hello) throws PairingException {
        takeAttempt();
        char[] password = hello.secret() == PairingMessages.Secret.TOKEN ? token.toCharArray() : digits.clone();
        JPAKEParticipant me = new JPAKEParticipant("controller:" + controllerId, password,
                JPAKEPrimeOrderGroups.NIST_3072, SHA256Digest.newInstance(), RANDOM);
        var round1 = me.createRound1PayloadToSend();
        try {
            me.validateRound1PayloadReceived(hello.round1());
        } catch (CryptoException | RuntimeException e) {
            endIfSettled();
            throw rejected();
        }
        pending++;
        return new Exchange(me, hello.round1().getParticipantId(), new PairingMessages.Reply(round1,
                me.createRound2PayloadToSend()));
    }

    /** Checks the window is open and takes one of its attempts; called under this window's lock. */
    private void takeAttempt() throws PairingException {
        requireOpen();
        attemptsLeft--;
        if (attemptsLeft == 0) {
            // the last exchange may still complete; nothing after it may start
            state = State.LOCKED;
        }
    }

    /**
     * Starts a token exchange (a browser that opened the QR code's URL; docs/protocol.md "Pairing from the QR
     * code's token"): a fresh nonce the device MACs together with its key under a key derived from the token.
     * Costs one attempt, like {@link #accept}: the attempts, the lifetime and the single device are the window's,
     * whichever secret is proven.
     */
    public synchronized TokenExchange acceptToken() throws PairingException {
        takeAttempt();
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        pending++;
        return new TokenExchange(java.util.Base64.getEncoder().encodeToString(n));
    }

    /**
     * Completes with the final state once nothing more can happen: a device paired ({@link State#USED}), or the
     * window is locked and its last exchange finished. Expiry does not complete it (no timer runs here): wait
     * with a timeout of {@link #expiresAt()} and then read {@link #state()}.
     */
    public java.util.concurrent.CompletableFuture<State> ended() {
        return ended.copy();
    }

    /** Called under this window's lock after each exchange step. */
    private void endIfSettled() {
        if (state == State.USED || (state == State.LOCKED && pending == 0)) {
            ended.complete(state);
        }
    }

    private PairingException rejected() {
        return new PairingException(Reason.REJECTED, "pairing failed: the code was not accepted; "
                + attemptsLeft + " attempt(s) left in this window");
    }

    /** One device's exchange with this window. */
    public final class Exchange {
        private final JPAKEParticipant me;
        private final String joinerId;
        private final PairingMessages.Reply reply;
        private boolean finished;

        private Exchange(JPAKEParticipant me, String joinerId, PairingMessages.Reply reply) {
            this.me = me;
            this.joinerId = joinerId;
            this.reply = reply;
        }

        /** The controller's answer to the hello. */
        public PairingMessages.Reply reply() {
            return reply;
        }

        /**
         * Checks the device's proof of the code and of its key; on success records the device, closes the window
         * for everyone else, and returns the grant to send back.
         */
        public PairingMessages.Grant finish(PairingMessages.Proof proof) throws PairingException {
            synchronized (PairingWindow.this) {
                if (finished) {
                    throw new PairingException(Reason.OUT_OF_ORDER, "this exchange is already finished");
                }
                finished = true;
                pending--;
                try {
                    return check(proof);
                } finally {
                    endIfSettled();
                }
            }
        }

        private PairingMessages.Grant check(PairingMessages.Proof proof) throws PairingException {
            synchronized (PairingWindow.this) {
                refreshExpiry();
                if (state == State.USED || state == State.EXPIRED) {
                    requireOpen();
                }
                BigInteger keying;
                org.bouncycastle.crypto.agreement.jpake.JPAKERound3Payload myRound3;
                try {
                    me.validateRound2PayloadReceived(proof.round2());
                    keying = me.calculateKeyingMaterial();
                    myRound3 = me.createRound3PayloadToSend(keying); // Bouncy Castle's order: create, then validate
                    me.validateRound3PayloadReceived(proof.round3(), keying);
                } catch (CryptoException | RuntimeException e) {
                    throw rejected();
                }
                byte[] macKey = PairingKeys.macKey(keying);
                // the key must be the one whose id ran the PAKE, and carried under the PAKE key
                if (!DeviceProofs.peerIdOf(proof.devicePublicKey()).equals(joinerId)
                        || !PairingKeys.sameMac(proof.deviceKeyMac(), PairingKeys.mac(macKey,
                        PairingKeys.bindingOf(joinerId, proof.devicePublicKey())))) {
                    throw rejected();
                }
                state = State.USED;
                paired = new PairedDevice(joinerId, proof.devicePublicKey().clone(), role, name);
                byte[] controllerKey = controller.publicKey();
                return new PairingMessages.Grant(myRound3, role, name, controllerKey,
                        PairingKeys.mac(macKey, PairingKeys.grantOf(joinerId, role, name, controllerKey)));
            }
        }
    }

    /**
     * One token exchange: the device proves the QR code's token by an HMAC-SHA256 (JDK) over this exchange's
     * nonce, its id and its public key, under a key derived from the token with HKDF; the controller answers with
     * its own MAC over the grant, so the device knows the grant comes from whoever showed the token. No PAKE is
     * needed because the token is 128 random bits: a recorded MAC cannot be searched offline. A wrong token, a
     * substituted key and a tampered message get the same answer as a wrong code.
     */
    public final class TokenExchange {
        private final String nonce;
        private boolean finished;

        private TokenExchange(String nonce) {
            this.nonce = nonce;
        }

        /** The nonce the device must MAC (base64 of 32 random bytes). */
        public String nonce() {
            return nonce;
        }

        /**
         * Checks the device's MAC; on success records the device and closes the window for everyone else.
         *
         * @param devicePublicKey the device's SubjectPublicKeyInfo DER (an ECDSA P-256 key)
         * @param deviceMac       HMAC-SHA256 under the token's key over {@link PairingKeys#tokenDeviceOf}
         */
        public TokenGrant finish(byte[] devicePublicKey, byte[] deviceMac) throws PairingException {
            synchronized (PairingWindow.this) {
                if (finished) {
                    throw new PairingException(Reason.OUT_OF_ORDER, "this exchange is already finished");
                }
                finished = true;
                pending--;
                try {
                    refreshExpiry();
                    if (state == State.USED || state == State.EXPIRED) {
                        requireOpen();
                    }
                    try {
                        DeviceProofs.publicKey(devicePublicKey);
                    } catch (java.security.GeneralSecurityException | RuntimeException e) {
                        throw rejected();
                    }
                    String peerId = DeviceProofs.peerIdOf(devicePublicKey);
                    byte[] key = PairingKeys.tokenMacKey(java.util.Base64.getUrlDecoder().decode(token));
                    if (!PairingKeys.sameMac(deviceMac, PairingKeys.mac(key,
                            PairingKeys.tokenDeviceOf(nonce, peerId, devicePublicKey)))) {
                        throw rejected();
                    }
                    state = State.USED;
                    paired = new PairedDevice(peerId, devicePublicKey.clone(), role, name);
                    return new TokenGrant(key, nonce, peerId, role, name, controller.publicKey());
                } finally {
                    endIfSettled();
                }
            }
        }
    }

    /**
     * What a token exchange granted, and the controller's MAC over it once the room's trust list (with the device
     * in it) is known.
     */
    public static final class TokenGrant {
        private final byte[] key;
        private final String nonce;
        private final String peerId;
        private final String role;
        private final String name;
        private final byte[] controllerPublicKey;

        private TokenGrant(byte[] key, String nonce, String peerId, String role, String name,
                           byte[] controllerPublicKey) {
            this.key = key;
            this.nonce = nonce;
            this.peerId = peerId;
            this.role = role;
            this.name = name;
            this.controllerPublicKey = controllerPublicKey.clone();
        }

        public String role() {
            return role;
        }

        public String name() {
            return name;
        }

        public byte[] controllerPublicKey() {
            return controllerPublicKey.clone();
        }

        /** HMAC-SHA256 under the token's key over {@link PairingKeys#tokenGrantOf} with {@code trustList}. */
        public byte[] mac(String trustList) {
            return PairingKeys.mac(key, PairingKeys.tokenGrantOf(nonce, peerId, role, name, controllerPublicKey,
                    trustList));
        }
    }
}
