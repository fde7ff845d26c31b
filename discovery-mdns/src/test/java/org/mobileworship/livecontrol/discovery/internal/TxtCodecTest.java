package org.mobileworship.livecontrol.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mobileworship.livecontrol.api.DisplayClass;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.PeerType;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;

class TxtCodecTest {

    private static final Announcement A = new Announcement(PeerId.of("6f1c3c3e-6a53-4c1e-9f4f-0c2d7d0e8a11"),
            PeerType.display(DisplayClass.STAGE), "Stage left TV", 1_700_000_000_123L,
            PeerId.of("0b7c0d53-1a59-4c4d-8f60-4f6b2c0a1b22"), 7, 3010, 1);

    private static Map<String, String> good() {
        return new HashMap<>(TxtCodec.encode(A));
    }

    private static String invalidReason(Map<String, String> txt) {
        TxtCodec.Decoded d = TxtCodec.decode(txt);
        assertThat(d).isInstanceOf(TxtCodec.Invalid.class);
        return ((TxtCodec.Invalid) d).reason();
    }

    @Test
    void roundTripsEveryField() {
        Map<String, String> txt = TxtCodec.encode(A);
        assertThat(txt).containsEntry("peer-id", A.peerId().value()).containsEntry("peer-type", "display")
                .containsEntry("display-class", "stage").containsEntry("priority", "1")
                .containsEntry("started", "1700000000123").containsEntry("leader-id", A.leaderId().value())
                .containsEntry("term", "7").containsEntry("port", "3010").containsEntry("proto", "1")
                .containsEntry("name", "Stage left TV");
        assertThat(TxtCodec.decode(txt)).isEqualTo(new TxtCodec.Ok(A));
    }

    @Test
    void noLeaderIsAnnouncedAsEmptyLeaderId() {
        Announcement noLeader = A.withLeader(null, 0, 0);
        assertThat(TxtCodec.encode(noLeader)).containsEntry("leader-id", "");
        assertThat(TxtCodec.decode(TxtCodec.encode(noLeader))).isEqualTo(new TxtCodec.Ok(noLeader));
    }

    @Test
    void emptyTxtIsIncompleteNotInvalid() {
        assertThat(TxtCodec.decode(Map.of())).isInstanceOf(TxtCodec.Incomplete.class);
        assertThat(TxtCodec.decode(Map.of("", ""))).isInstanceOf(TxtCodec.Incomplete.class);
        assertThat(TxtCodec.decode(null)).isInstanceOf(TxtCodec.Incomplete.class);
    }

    @Test
    void missingRequiredKeysAreInvalid() {
        for (String key : new String[] {"peer-id", "peer-type", "started"}) {
            Map<String, String> txt = good();
            txt.remove(key);
            assertThat(invalidReason(txt)).contains(key);
        }
    }

    @Test
    void optionalKeysDefault() {
        Map<String, String> txt = good();
        txt.remove("term");
        txt.remove("port");
        txt.remove("proto");
        txt.remove("priority");
        txt.remove("leader-id");
        txt.remove("name");
        Announcement a = ((TxtCodec.Ok) TxtCodec.decode(txt)).announcement();
        assertThat(a.term()).isZero();
        assertThat(a.signalingPort()).isZero();
        assertThat(a.protocolVersion()).isEqualTo(1);
        assertThat(a.leaderId()).isNull();
        assertThat(a.displayName()).isEqualTo(A.peerId().value());
    }

    @Test
    void nonNumericOrOutOfRangeNumbersAreInvalid() {
        String[][] bad = {
                {"priority", "high"}, {"priority", "99999"}, {"priority", "-1"},
                {"started", "yesterday"}, {"started", "-5"}, {"started", "99999999999999999999999"},
                {"term", "1e3"}, {"term", "-1"}, {"port", "70000"}, {"port", "x"}, {"proto", "0"},
                {"proto", "99999999999"}};
        for (String[] kv : bad) {
            Map<String, String> txt = good();
            txt.put(kv[0], kv[1]);
            assertThat(invalidReason(txt)).as("%s=%s", kv[0], kv[1]).contains(kv[0]);
        }
    }

    @Test
    void hugeStartTimeIsAcceptedAndSimplyLoses() {
        Map<String, String> txt = good();
        txt.put("started", Long.toString(Long.MAX_VALUE));
        assertThat(((TxtCodec.Ok) TxtCodec.decode(txt)).announcement().startedAtMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void priorityNumberCannotRaiseTheRank() {
        Map<String, String> txt = good();
        txt.put("priority", "999");
        Announcement a = ((TxtCodec.Ok) TxtCodec.decode(txt)).announcement();
        assertThat(a.priority()).isEqualTo(1); // a display stays a display
    }

    @Test
    void unknownPeerTypeFromAFutureVersionBecomesOther() {
        Map<String, String> txt = good();
        txt.put("peer-type", "confidence-monitor");
        Announcement a = ((TxtCodec.Ok) TxtCodec.decode(txt)).announcement();
        assertThat(a.peerType()).isEqualTo(new PeerType.Other("confidence-monitor"));
        assertThat(a.priority()).isZero();
        txt.put("peer-type", "x".repeat(200));
        assertThat(invalidReason(txt)).contains("peer-type");
        txt.put("peer-type", "bad type\u0007");
        assertThat(invalidReason(txt)).contains("peer-type");
    }

    @Test
    void unknownDisplayClassFallsBackToAudience() {
        Map<String, String> txt = good();
        txt.put("display-class", "ceiling");
        assertThat(((TxtCodec.Ok) TxtCodec.decode(txt)).announcement().peerType())
                .isEqualTo(PeerType.display(DisplayClass.AUDIENCE));
    }

    @Test
    void oversizeOrInvalidPeerIdsAreInvalid() {
        Map<String, String> txt = good();
        txt.put("peer-id", "p".repeat(129));
        assertThat(invalidReason(txt)).contains("peer-id");
        txt.put("peer-id", "   ");
        assertThat(invalidReason(txt)).contains("peer-id");
        txt.put("peer-id", "abc\u0000def");
        assertThat(invalidReason(txt)).contains("peer-id");
        txt = good();
        txt.put("leader-id", "l".repeat(129));
        assertThat(invalidReason(txt)).contains("leader-id");
        txt.put("leader-id", "x".repeat(300));
        assertThat(invalidReason(txt)).contains("too long");
    }

    @Test
    void namesAreCleanedAndTruncatedToFitATxtString() {
        String longName = "Überlänge ".repeat(40);
        Announcement a = new Announcement(A.peerId(), A.peerType(), longName, 1, null, 0, 0, 1);
        String encoded = TxtCodec.encode(a).get("name");
        assertThat(encoded.codePointCount(0, encoded.length())).isLessThanOrEqualTo(TxtCodec.MAX_NAME_CHARS);
        assertThat(("name=" + encoded).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(TxtCodec.truncateName("a\nb\u0000c")).isEqualTo("abc");
        String emoji = TxtCodec.truncateName("😀".repeat(100)); // 4 bytes each: the byte limit applies first
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo((255 - "name=".length()) / 4);
    }

    @Test
    void instanceNameIsThePeerIdWhenItIsALabelElseAStableHash() {
        assertThat(TxtCodec.instanceName(A.peerId())).isEqualTo(A.peerId().value());
        String odd = TxtCodec.instanceName(PeerId.of("peer.with dots and spaces"));
        assertThat(odd).startsWith("lc-").hasSize(35).isEqualTo(TxtCodec.instanceName(PeerId.of("peer.with dots and spaces")));
        assertThat(TxtCodec.instanceName(PeerId.of("q".repeat(100)))).hasSize(35);
    }
}
