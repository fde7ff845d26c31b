package org.mobileworship.livecontrol.api.spi.signaling;

import java.util.Optional;

/**
 * The room's trust list as this device holds it: the devices paired into the room (by device key, so by their
 * {@code k-…} peer id), each with the role an operator granted. The list is a signed JSON document, versioned;
 * signaling carries it at registration and the leader pushes newer ones to every member.
 *
 * <p>When {@link #enforced()} (paired mode), the signaling server registers only devices of the list, with their
 * granted role, and a node follows or elects only leaders of the list. Implementations are thread-safe.
 */
public interface RoomTrust {

    /** Paired mode: only devices of the list may register, lead or be followed. */
    boolean enforced();

    /** The role ({@code controller} or {@code display}) {@code peerId} was paired with, if it is an active member. */
    Optional<String> pairedRole(String peerId);

    /** The signed list as its JSON document, or {@code ""} when this device holds none (it is not paired yet). */
    String document();

    /**
     * Offers a list received from the network. Adopted (persisted, listeners told) only if its signature
     * verifies, it is newer than the held one, and it is signed by a controller of the held list. Never
     * throws for bad input: a list that is not adopted is ignored (and logged once with why).
     *
     * @return whether it was adopted
     */
    boolean offer(String document);

    /**
     * Registers {@code listener} to run after each adopted change (on the adopting thread; return quickly).
     *
     * @return an action that unregisters it (e.g. when a leader's signaling server closes)
     */
    Runnable onChange(Runnable listener);
}
