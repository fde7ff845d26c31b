package org.mobileworship.livecontrol.security.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.mobileworship.livecontrol.security.DeviceIdentity;

/**
 * Coverage-guided fuzzing of the pairing messages, both directions: what a controller's pairing endpoint reads from
 * any device on the network ({@link PairingEndpoint#answer}: JSON parsing, {@link PairingWire}, the J-PAKE checks of
 * {@link PairingWindow}), and what a joining device reads from whatever answers at the address it was given
 * ({@link PairingWire#reply}, {@link PairingWire#grant}).
 *
 * <p>Properties. Endpoint: every body gets a defined answer — 200 ({@code pair-reply} or
 * {@code pair-token-challenge}), or 400/403/405/413 with a JSON
 * {@code error} naming a known code — never a 500 (an exception the endpoint did not expect) or a hang; the
 * window never pairs a device (the fuzzer does not know the code) and keeps at most its attempts of exchanges.
 * Wire: each message either parses or throws {@link PairingWire.MalformedException}; a parsed message re-encodes
 * to one that parses to the same numbers.
 *
 * <p>{@code mvn verify} replays {@code src/test/resources/.../PairingFuzzTestInputs/<method>/}; {@code ./fuzz}
 * runs {@link #fuzzerTestOneInput(byte[])} with {@code -Dfuzz.target=<method>}.
 */
public class PairingFuzzTest {
    private static final DeviceIdentity CONTROLLER = DeviceIdentity.ephemeral();
    private static final Set<String> CODES = Set.of("malformed", "pairing-rejected", "pairing-locked",
            "pairing-expired", "pairing-used", "pairing-out-of-order");
    private static PairingWindow window;
    private static PairingEndpoint endpoint;

    /** Jazzer's standalone entry point: the target is chosen by the {@code fuzz.target} system property. */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        switch (System.getProperty("fuzz.target", "")) {
            case "pairingEndpoint" -> endpointAnswers(input);
            case "pairingWire" -> wireRoundTrip(input);
            default -> throw new IllegalStateException("set -Dfuzz.target to pairingEndpoint or pairingWire");
        }
    }

    @FuzzTest
    void pairingEndpoint(byte[] input) throws Exception {
        endpointAnswers(input);
    }

    @FuzzTest
    void pairingWire(byte[] input) throws Exception {
        wireRoundTrip(input);
    }

    private static void endpointAnswers(byte[] input) {
        if (window == null || window.state() != PairingWindow.State.OPEN) {
            // a window locks after its attempts (as it should); the next inputs get a fresh one, like an operator
            window = PairingWindow.open(CONTROLLER, "display", "fuzzed", Duration.ofDays(1),
                    PairingWindow.DEFAULT_ATTEMPTS, Clock.systemUTC());
            endpoint = new PairingEndpoint(window, device -> {
                throw new AssertionError("a fuzzed device paired: " + device);
            }, null, null);
        }
        PairingEndpoint.Answer answer;
        try {
            answer = endpoint.answer("POST", input);
        } catch (PairingException refused) {
            assertThat(CODES).contains(PairingEndpoint.codeOf(refused.reason()));
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(answer.status()).as("status of %s", answer.body()).isIn(200, 400, 413);
        if (answer.status() == 200) {
            // a J-PAKE reply, or the QR-token exchange's challenge (a grant needs the code or the token)
            assertThat(answer.body().path("type").asText()).isIn("pair-reply", "pair-token-challenge");
        } else {
            assertThat(answer.body().path("type").asText()).isEqualTo("error");
            assertThat(CODES).contains(answer.body().path("code").asText());
            assertThat(answer.body().path("message").asText()).isNotBlank();
        }
        assertThat(window.paired()).isEmpty();
    }

    private static void wireRoundTrip(byte[] input) throws IOException {
        JsonNode message;
        try {
            message = PairingWire.JSON.readTree(input);
        } catch (IOException notJson) {
            return; // the client answers "not JSON" before any field is read
        }
        for (String type : List.of("pair-hello", "pair-reply", "pair-proof", "pair-grant")) {
            try {
                switch (type) {
                    case "pair-hello" -> {
                        PairingMessages.Hello h = PairingWire.hello(message);
                        assertThat(PairingWire.hello(PairingWire.hello(h)).round1().getGx1()).isEqualTo(h.round1().getGx1());
                    }
                    case "pair-reply" -> {
                        PairingMessages.Reply r = PairingWire.reply(message);
                        assertThat(PairingWire.reply(PairingWire.reply("x", r)).round2().getA()).isEqualTo(r.round2().getA());
                    }
                    case "pair-proof" -> {
                        PairingMessages.Proof p = PairingWire.proof(message);
                        assertThat(PairingWire.proof(PairingWire.proof("x", p)).devicePublicKey())
                                .isEqualTo(p.devicePublicKey());
                    }
                    default -> {
                        PairingMessages.Grant g = PairingWire.grant(message);
                        assertThat(PairingWire.grant(PairingWire.grant(g, "list")).grantMac()).isEqualTo(g.grantMac());
                    }
                }
            } catch (PairingWire.MalformedException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }
}
