package org.mobileworship.livecontrol.transport.webrtc.internal;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;

/** Extracts the selected ICE candidate pair's types ("host/host", "srflx/relay", ...) from a stats report. */
final class StatsParser {
    private StatsParser() {
    }

    static String selectedPairType(RTCStatsReport report) {
        if (report == null || report.getStats() == null) {
            return null;
        }
        Map<String, RTCStats> all = report.getStats();
        RTCStats pair = null;
        for (RTCStats s : all.values()) {
            if (s.getType() == RTCStatsType.TRANSPORT) {
                Object id = s.getAttributes().get("selectedCandidatePairId");
                if (id != null && all.get(id.toString()) != null) {
                    pair = all.get(id.toString());
                    break;
                }
            }
        }
        if (pair == null) { // older reports: the nominated, succeeded pair
            for (RTCStats s : all.values()) {
                if (s.getType() == RTCStatsType.CANDIDATE_PAIR
                        && Boolean.TRUE.equals(s.getAttributes().get("nominated"))
                        && "succeeded".equals(String.valueOf(s.getAttributes().get("state")))) {
                    pair = s;
                    break;
                }
            }
        }
        if (pair == null) {
            return null;
        }
        String local = candidateType(all, pair.getAttributes().get("localCandidateId"));
        String remote = candidateType(all, pair.getAttributes().get("remoteCandidateId"));
        return local == null || remote == null ? null : local + "/" + remote;
    }

    private static String candidateType(Map<String, RTCStats> all, Object id) {
        if (id == null) {
            return null;
        }
        RTCStats c = all.get(id.toString());
        Object type = c == null ? null : c.getAttributes().get("candidateType");
        return type == null ? null : type.toString();
    }
}
