package org.mobileworship.livecontrol.security.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.mobileworship.livecontrol.api.LiveControlException;

/**
 * The new device's side over the network: runs a {@link Joiner} against a controller's {@link PairingEndpoint}
 * with the JDK's HTTP client.
 */
public final class PairingClient {
    private final HttpClient http;
    private final Duration timeout;

    /** What pairing gave the device: the grant (role, name, controller key) and the room's signed trust list. */
    public record Result(Joiner.Granted granted, String trustList) {
    }

    public PairingClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Pairs with the controller at {@code endpoint} ({@code http://host:port/pair}).
     *
     * @throws PairingException     the controller refused (its reason: wrong code or tampering, locked, expired,
     *                              used), or its answers did not prove the code
     * @throws LiveControlException the controller could not be reached, naming the address
     */
    public Result pair(URI endpoint, Joiner joiner) throws PairingException {
        PairingMessages.Hello hello = joiner.hello();
        JsonNode reply = post(endpoint, PairingWire.hello(hello));
        String exchange;
        PairingMessages.Proof proof;
        try {
            exchange = PairingWire.text(reply, "exchange");
            proof = joiner.proof(PairingWire.reply(reply));
        } catch (PairingWire.MalformedException e) {
            throw new PairingException(PairingException.Reason.REJECTED, "the controller's reply is malformed: "
                    + e.getMessage());
        }
        JsonNode grant = post(endpoint, PairingWire.proof(exchange, proof));
        try {
            Joiner.Granted granted = joiner.granted(PairingWire.grant(grant));
            return new Result(granted, PairingWire.text(grant, "trustList"));
        } catch (PairingWire.MalformedException e) {
            throw new PairingException(PairingException.Reason.REJECTED, "the controller's grant is malformed: "
                    + e.getMessage());
        }
    }

    private JsonNode post(URI endpoint, ObjectNode message) throws PairingException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LiveControlException("cannot reach the pairing controller at " + endpoint + ": " + e
                    + "; is its pairing window open (livecontrol pair) and the address right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveControlException("interrupted while pairing with " + endpoint, e);
        }
        JsonNode body;
        try {
            body = PairingWire.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PairingException(PairingException.Reason.REJECTED, "the controller at " + endpoint
                    + " did not answer with a pairing message (HTTP " + response.statusCode() + ")");
        }
        if (body == null || "error".equals(body.path("type").asText()) || response.statusCode() != 200) {
            String code = body == null ? "" : body.path("code").asText();
            String text = body == null ? "" : body.path("message").asText();
            throw new PairingException(PairingEndpoint.reasonOf(code), text.isEmpty()
                    ? "the controller refused (HTTP " + response.statusCode() + ")" : text);
        }
        return body;
    }
}
