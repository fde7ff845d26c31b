package org.mobileworship.livecontrol.security.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.mobileworship.livecontrol.security.DeviceIdentity;

/**
 * Coverage-guided fuzzing of the room's trust list as it arrives from the network (a {@code trust-list} frame, a
 * registration, a pairing grant): {@link TrustList#parse}.
 *
 * <p>Two kinds of input: a whole document as received (the fuzzer reaches the envelope and the signature check),
 * and a fuzzed body that this harness signs with a real device key — as a controller of the room could — so the
 * fuzzer also reaches everything behind the signature (versions, dates, entries, ids of keys, roles).
 *
 * <p>Properties: parsing either yields a list or throws {@link TrustListException} with a message — never another
 * exception; an accepted list keeps its document, has a positive version and distinct entries whose ids are their
 * keys' ids, and re-signing its entries gives a document that parses to the same entries (what a controller
 * re-issues is what it read).
 *
 * <p>A second target, {@code trustListBody}, feeds the signed body's parser ({@link TrustList#parseBody}: what
 * {@code parse} runs once the signature verified) directly, with the same properties: it reaches the same code
 * as the signed inputs of {@code trustList} without two ECDSA signatures and verifications per input, so it
 * runs over ten times as many inputs per second (docs/fuzzing.md).
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../TrustListFuzzTestInputs/<target>/}; {@code ./fuzz}
 * runs {@link #fuzzerTestOneInput(FuzzedDataProvider)} under the Jazzer driver, the target chosen by the
 * {@code fuzz.target} system property.
 */
public class TrustListFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeviceIdentity SIGNER = DeviceIdentity.ephemeral();

    @FuzzTest
    void trustList(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    @FuzzTest
    void trustListBody(FuzzedDataProvider data) {
        body(data);
    }

    /** Jazzer's standalone entry point: {@code -Dfuzz.target=trustList} (the default) or {@code trustListBody}. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        if ("trustListBody".equals(System.getProperty("fuzz.target"))) {
            body(data);
        } else {
            document(data);
        }
    }

    /** A body as the parser meets it behind a verified signature. */
    private static void body(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        String key = Base64.getEncoder().encodeToString(SIGNER.publicKey());
        TrustList list;
        try {
            list = TrustList.parseBody(text, key, "document of " + text.length() + " chars");
        } catch (TrustListException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        accepted(list);
        assertThat(list.signerId()).isEqualTo(SIGNER.peerId().value());
    }

    private static void document(FuzzedDataProvider data) {
        boolean signedBody = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        String document = signedBody ? signed(text) : text;
        TrustList list;
        try {
            list = TrustList.parse(document);
        } catch (TrustListException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(list.document()).isEqualTo(document);
        accepted(list);
    }

    /** What holds for every accepted list: positive version, distinct entries named by their keys, and re-signing
     * its entries gives a document that parses to the same entries. */
    private static void accepted(TrustList list) {
        assertThat(list.version()).isPositive();
        assertThat(list.devices()).extracting(TrustList.Device::peerId).doesNotHaveDuplicates();
        for (TrustList.Device d : list.devices()) {
            assertThat(DeviceProofs.peerIdOf(Base64.getDecoder().decode(d.publicKey()))).isEqualTo(d.peerId());
            assertThat(TrustList.ROLES).contains(d.role());
        }
        TrustList again;
        try {
            again = TrustList.parse(TrustList.sign(list.version(), list.devices(), SIGNER, list.issuedAt()).document());
        } catch (TrustListException e) {
            throw new AssertionError("a re-signed accepted list is refused (" + e.getMessage() + "): "
                    + list.document(), e);
        }
        assertThat(again.devices()).isEqualTo(list.devices());
        assertThat(again.version()).isEqualTo(list.version());
    }

    /** The envelope a controller writes around {@code body}, with a valid signature by {@link #SIGNER}. */
    private static String signed(String body) {
        byte[] signature = SIGNER.sign(DeviceProofs.transcript(TrustList.SIGNATURE_LABEL, body));
        return JSON.createObjectNode().put("format", TrustList.FORMAT).put("body", body)
                .put("signerKey", Base64.getEncoder().encodeToString(SIGNER.publicKey()))
                .put("signature", Base64.getEncoder().encodeToString(signature)).toString();
    }
}
