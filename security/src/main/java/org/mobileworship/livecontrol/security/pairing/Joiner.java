package org.mobileworship.livecontrol.security.pairing;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.jpake.JPAKEPrimeOrderGroups;
import org.bouncycastle.crypto.agreement.jpake.JPAKEParticipant;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.mobileworship.livecontrol.api.spi.signaling.DeviceKey;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.pairing.PairingException.Reason;

/** The new device's side of one pairing exchange: it knows the code the operator read out or scanned. */
public final class Joiner {
    private final JPAKEParticipant me;
    private final DeviceKey device;
    private final String deviceId;
    private BigInteger keying;
    private int step;

    /** What the controller granted, as confirmed under the PAKE key. */
    public record Granted(String role, String name, byte[] controllerPublicKey) {
    }

    private final PairingMessages.Secret secret;

    /** A joiner that proves the short code the operator read out (digits; spaces and dashes are ignored). */
    public Joiner(String code, DeviceKey device) {
        this(PairingMessages.Secret.CODE, normalizedCode(code), device);
    }

    private Joiner(PairingMessages.Secret secret, String password, DeviceKey device) {
        this.secret = secret;
        this.device = device;
        this.deviceId = DeviceProofs.peerIdOf(device.publicKey());
        this.me = new JPAKEParticipant(deviceId, password.toCharArray(), JPAKEPrimeOrderGroups.NIST_3072,
                SHA256Digest.newInstance(), new SecureRandom());
    }

    /** A joiner that proves the one-time token of the window's QR code. */
    public static Joiner withToken(String token, DeviceKey device) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{" + PairingWindow.TOKEN_CHARS + "}")) {
            throw new IllegalArgumentException("a pairing token is the " + PairingWindow.TOKEN_CHARS
                    + "-character text of the pairing QR code's 'token' parameter");
        }
        return new Joiner(PairingMessages.Secret.TOKEN, token, device);
    }

    private static String normalizedCode(String code) {
        String digits = code == null ? "" : code.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{" + PairingWindow.CODE_DIGITS + "}")) {
            throw new IllegalArgumentException("a pairing code is " + PairingWindow.CODE_DIGITS
                    + " digits, e.g. 1234-5678");
        }
        return digits;
    }

    public PairingMessages.Hello hello() throws PairingException {
        step(0);
        return new PairingMessages.Hello(secret, me.createRound1PayloadToSend());
    }

    public PairingMessages.Proof proof(PairingMessages.Reply reply) throws PairingException {
        step(1);
        try {
            me.validateRound1PayloadReceived(reply.round1());
            var round2 = me.createRound2PayloadToSend();
            me.validateRound2PayloadReceived(reply.round2());
            keying = me.calculateKeyingMaterial();
            byte[] pk = device.publicKey();
            byte[] mac = PairingKeys.mac(PairingKeys.macKey(keying), PairingKeys.bindingOf(deviceId, pk));
            return new PairingMessages.Proof(round2, me.createRound3PayloadToSend(keying), pk, mac);
        } catch (CryptoException | RuntimeException e) {
            throw new PairingException(Reason.REJECTED, "pairing failed: the controller's answer is not valid");
        }
    }

    public Granted granted(PairingMessages.Grant grant) throws PairingException {
        step(2);
        try {
            me.validateRound3PayloadReceived(grant.round3(), keying);
        } catch (CryptoException | RuntimeException e) {
            throw new PairingException(Reason.REJECTED, "pairing failed: the controller did not prove the code");
        }
        byte[] expected = PairingKeys.mac(PairingKeys.macKey(keying),
                PairingKeys.grantOf(deviceId, grant.role(), grant.name(), grant.controllerPublicKey()));
        if (!PairingKeys.sameMac(expected, grant.grantMac())) {
            throw new PairingException(Reason.REJECTED, "pairing failed: the grant was altered on the way");
        }
        return new Granted(grant.role(), grant.name(), grant.controllerPublicKey().clone());
    }

    private void step(int expected) throws PairingException {
        if (step != expected) {
            throw new PairingException(Reason.OUT_OF_ORDER, "pairing messages must be handled in order");
        }
        step++;
    }
}
