package org.mobileworship.livecontrol.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mobileworship.livecontrol.api.LeaderStatus;
import org.mobileworship.livecontrol.api.LiveControlEvent;
import org.mobileworship.livecontrol.api.LiveControlMessage;
import org.mobileworship.livecontrol.api.LiveState;
import org.mobileworship.livecontrol.api.PeerInfo;

/** One JSON object per API event, for {@code --json} output (stable field names; scripts depend on them). */
final class EventJson {
    private EventJson() {
    }

    static ObjectNode of(String node, LiveControlEvent event) {
        ObjectNode n = Console.JSON.createObjectNode();
        n.put("ts", event.at().toString());
        if (node != null) {
            n.put("node", node);
        }
        if (event instanceof LiveControlEvent.Connected e) {
            n.put("event", "connected").put("peer", e.peer().value()).put("transport", e.transport());
        } else if (event instanceof LiveControlEvent.Disconnected e) {
            n.put("event", "disconnected").put("peer", e.peer().value()).put("reason", e.reason());
        } else if (event instanceof LiveControlEvent.MessageReceived e) {
            n.put("event", "message").put("from", e.from().value()).put("messageId", e.messageId());
            n.set("message", message(e.message()));
        } else if (event instanceof LiveControlEvent.StateApplied e) {
            n.put("event", "state").put("from", e.from() == null ? null : e.from().value());
            n.set("state", state(e.state()));
        } else if (event instanceof LiveControlEvent.LeaderChanged e) {
            n.put("event", "leaderChanged");
            n.setAll(leader(e.status()));
        } else if (event instanceof LiveControlEvent.PeerListChanged e) {
            n.put("event", "peerListChanged");
            ArrayNode a = n.putArray("peers");
            e.peers().forEach(p -> a.add(peer(p)));
        } else if (event instanceof LiveControlEvent.DeliveryFailed e) {
            n.put("event", "deliveryFailed").put("peer", e.peer().value()).put("messageId", e.messageId())
                    .put("reason", e.reason().name()).put("message", e.detail());
        } else if (event instanceof LiveControlEvent.TransportChanged e) {
            n.put("event", "transportChanged").put("peer", e.peer().value()).put("from", e.from())
                    .put("to", e.to()).put("reason", e.reason());
        }
        return n;
    }

    static ObjectNode leader(LeaderStatus s) {
        ObjectNode n = Console.JSON.createObjectNode();
        n.put("leader", s.leaderId() == null ? null : s.leaderId().value()).put("self", s.self()).put("term", s.term());
        n.put("endpoint", s.endpoint() == null ? null : s.endpoint().getHostString() + ":" + s.endpoint().getPort());
        return n;
    }

    static ObjectNode peer(PeerInfo p) {
        ObjectNode n = Console.JSON.createObjectNode();
        n.put("id", p.id().value()).put("type", p.type().toString()).put("name", p.displayName())
                .put("connected", p.connected()).put("transport", p.transport());
        ArrayNode enc = n.putArray("encodings");
        (p.declaredEncodings() ? p.encodings().stream().map(x -> x.wireName()).sorted().toList()
                : java.util.List.of("json")).forEach(enc::add);
        return n;
    }

    static ObjectNode state(LiveState s) {
        ObjectNode n = Console.JSON.createObjectNode();
        n.put("eventId", s.eventId()).put("itemId", s.itemId()).put("slideIndex", s.slideIndex())
                .put("isBlack", s.black()).put("revision", s.revision().toString());
        return n;
    }

    static ObjectNode message(LiveControlMessage m) {
        ObjectNode n = Console.JSON.createObjectNode();
        if (m instanceof LiveControlMessage.Slide s) {
            n.put("type", "slide").put("eventId", s.eventId()).put("itemId", s.itemId()).put("slideIndex", s.slideIndex());
        } else if (m instanceof LiveControlMessage.Black b) {
            n.put("type", "black").put("eventId", b.eventId()).put("isBlack", b.black());
        } else if (m instanceof LiveControlMessage.Sync s) {
            n.put("type", "sync").put("eventId", s.eventId()).set("fullState", state(s.fullState()));
        } else if (m instanceof LiveControlMessage.Ping p) {
            n.put("type", "ping").put("timestamp", p.timestamp());
        }
        return n;
    }
}
