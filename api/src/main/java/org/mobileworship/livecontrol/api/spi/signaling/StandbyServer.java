package org.mobileworship.livecontrol.api.spi.signaling;

import java.net.InetSocketAddress;
import org.mobileworship.livecontrol.api.LeaderStatus;

/**
 * What a node serves on its signaling port while it does <em>not</em> lead: its web pages, and a health answer
 * that names no leader of its own but points at the current one. A browser display bookmarks one node's URL;
 * when that node stops leading (or never led), the page still loads from it and finds the leader.
 *
 * <p>Contract: {@link #start} binds (fails with a {@code LiveControlException} naming the port when it is in
 * use); its health answer must never look like a leader's, so elections probing this port see no leader;
 * {@link #close} releases the port before it returns, so the node's signaling server can bind it next.
 * Thread-safe.
 */
public interface StandbyServer extends AutoCloseable {

    /** Binds and starts serving; returns the bound address. */
    InetSocketAddress start(InetSocketAddress bind);

    /** The leader this node follows now (its endpoint is what pages are pointed to). */
    void leaderChanged(LeaderStatus status);

    /** Stops serving and releases the port. Idempotent. */
    @Override
    void close();
}
