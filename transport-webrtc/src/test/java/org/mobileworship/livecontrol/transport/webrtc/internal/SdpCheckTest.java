package org.mobileworship.livecontrol.transport.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdpCheckTest {
    /** The shape of an offer webrtc-java (and browsers) produce for one data channel. */
    private static final String DATA_CHANNEL_OFFER = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
            "a=setup:actpass",
            "a=mid:0",
            "a=sctp-port:5000",
            "");

    @Test
    void aDataChannelOfferPasses() {
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER)).isNull();
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER.replace("\r\n", "\n"))).isNull();
    }

    @Test
    void whatCannotOpenADataChannelIsRefusedWithTheReason() {
        assertThat(SdpCheck.offerProblem("")).isEqualTo("empty SDP");
        assertThat(SdpCheck.offerProblem("udp-loopback hello 127.0.0.1:4000")).contains("first line is not v=0");
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER.replace("o=- 4611731400430051336 2 IN IP4 127.0.0.1", "o=x")))
                .contains("o=");
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER.replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111"))).contains("no m=application");
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER.replace("a=ice-ufrag:abcd\r\n", ""))).contains("ice-ufrag");
        assertThat(SdpCheck.offerProblem(DATA_CHANNEL_OFFER.replaceAll("a=fingerprint:[^\r]*\r\n", "")))
                .contains("fingerprint");
        assertThat(SdpCheck.offerProblem("v=0\r\n" + "a".repeat(SdpCheck.MAX_SDP_CHARS))).contains("exceeds");
    }

    /** Found by SdpFuzzTest: the check read the last o= line, the renegotiation test the first one. */
    @Test
    void anSdpWithTwoOriginLinesIsRefusedAndTheOriginIsReadAsTheCheckReadsIt() {
        String twoOrigins = DATA_CHANNEL_OFFER.replace("s=-", "o= 1058=0\r\ns=-");
        assertThat(SdpCheck.offerProblem(twoOrigins)).isEqualTo("2 o= lines (an SDP has exactly one origin)");
        String indented = DATA_CHANNEL_OFFER.replace("o=- ", " o=- ");
        assertThat(SdpCheck.offerProblem(indented)).isNull();
        assertThat(PeerSession.originSessionId(indented)).isEqualTo("4611731400430051336");
    }
}
