package org.mobileworship.livecontrol.runtime.internal.trust;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mobileworship.livecontrol.api.PeerId;
import org.mobileworship.livecontrol.api.spi.discovery.Announcement;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveredPeer;
import org.mobileworship.livecontrol.api.spi.discovery.Discovery;
import org.mobileworship.livecontrol.api.spi.discovery.DiscoveryListener;
import org.mobileworship.livecontrol.api.spi.election.LeaderHealth;
import org.mobileworship.livecontrol.api.spi.signaling.RoomTrust;
import org.mobileworship.livecontrol.protocol.DeviceProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one check of the room's trust list outside signaling: in paired mode, which nodes the election may
 * consider at all. A node that is not an active member of the list is never a candidate, so its announced priority
 * (better or not) and its leader claims are never seen by the election, and this node never follows it.
 *
 * <p>The hooks: the node's discovery listener ({@code PluginHost}) calls {@link #admitsCandidate} before it hands a
 * discovered peer to the election, {@code LiveControlNode} does the same before it tells the election about a
 * peer learnt from the leader's peer list, and the election's context hands out {@link #filtered} discovery, so
 * the peers the election lists itself are filtered the same way; the election module itself needs no change.
 */
public final class TrustGate {
    private static final Logger LOG = LoggerFactory.getLogger(TrustGate.class);

    private final RoomTrust trust;
    private final String selfName;
    private final Set<PeerId> ignored = ConcurrentHashMap.newKeySet();
    private final Set<String> unverified = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param trust    the room's trust list this node holds, or {@code null} (no device identity: open mode)
     * @param selfName this node's display name, for log lines
     */
    public TrustGate(RoomTrust trust, String selfName) {
        this.trust = trust;
        this.selfName = selfName;
    }

    /** Whether the list is enforced (paired mode). */
    public boolean enforced() {
        return trust != null && trust.enforced();
    }

    /**
     * Whether the election may see {@code peer} as a candidate or leader: always in open mode; in paired mode
     * only if it is an active member of the trust list. A refused peer is logged once.
     */
    public boolean admitsCandidate(PeerId peer) {
        if (!enforced() || trust.pairedRole(peer.value()).isPresent()) {
            ignored.remove(peer); // paired since (a newer list): logged again if removed later
            return true;
        }
        if (ignored.add(peer)) {
            LOG.warn("{}: ignoring node {} in the election: it is not a device of this room's trust list"
                    + " (paired mode)", selfName, peer);
        }
        return false;
    }

    /**
     * A fresh random challenge for a probe, so the probed leader must prove its device key now (paired mode), or
     * {@code null} in open mode (a plain probe).
     */
    public String probeChallenge() {
        if (!enforced()) {
            return null;
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /**
     * What the election may believe of a probe's answer. Open mode: the answer as it is. Paired mode: only an
     * answer whose leader is an active member of the trust list and proves, for this probe's {@code challenge},
     * the key its key-bound id names; anything else counts as no answer, so the election never follows (nor backs
     * down to) a server whose claimed id is not its own — a rogue announcing a paired device's id over mDNS, whose
     * records nobody signs (docs/security.md, T6). Logged once per endpoint and claimed id.
     */
    public Optional<LeaderHealth> believe(InetSocketAddress endpoint, String challenge, Optional<LeaderHealth> answer) {
        if (!enforced() || answer.isEmpty() || challenge == null) {
            return answer;
        }
        LeaderHealth h = answer.get();
        String claimed = h.leaderId().value();
        String problem = null;
        if (trust.pairedRole(claimed).isEmpty()) {
            problem = "it is not a device of this room's trust list";
        } else if (h.keyProof().isEmpty()) {
            problem = "it gave no proof of the device key (GET /health?challenge)";
        } else {
            try {
                byte[] key = Base64.getDecoder().decode(h.keyProof().get().publicKey());
                byte[] signature = Base64.getDecoder().decode(h.keyProof().get().signature());
                if (!DeviceProofs.peerIdOf(key).equals(claimed)) {
                    problem = "its key is not the one that id names";
                } else if (!DeviceProofs.verify(key, DeviceProofs.leaderTranscript(challenge, claimed), signature)) {
                    problem = "its signature over this probe's challenge does not verify";
                }
            } catch (IllegalArgumentException e) {
                problem = "its proof is not base64";
            }
        }
        if (problem == null) {
            unverified.remove(endpoint + "/" + claimed);
            return answer;
        }
        if (unverified.add(endpoint + "/" + claimed)) {
            LOG.warn("{}: not following the node at {}: it claims to be {} but {} (leader-unverified, paired mode)",
                    selfName, endpoint, claimed, problem);
        }
        return Optional.empty();
    }

    /** {@code discovery} as the election may see it: {@link Discovery#peers()} without refused candidates. */
    public Discovery filtered(Discovery discovery) {
        if (!enforced() || discovery == null) {
            return discovery;
        }
        return new Discovery() {
            @Override
            public void start(Announcement self, DiscoveryListener listener) {
                discovery.start(self, listener);
            }

            @Override
            public void announce(Announcement self) {
                discovery.announce(self);
            }

            @Override
            public List<DiscoveredPeer> peers() {
                return discovery.peers().stream().filter(p -> admitsCandidate(p.announcement().peerId())).toList();
            }

            @Override
            public void close() {
                discovery.close();
            }
        };
    }

    /** The line a node logs at start about its security mode (docs/security.md). */
    public void logModeAtStart(PeerId self, boolean hasDeviceKey, String stateDirKey) {
        if (!enforced()) {
            LOG.warn("node {}: security mode is open: any device on this network that registers as a controller"
                    + " can drive the displays (roles and the origin policy are enforced; device keys are {});"
                    + " see docs/security.md", selfName, hasDeviceKey ? "in use" : "off (set " + stateDirKey + ")");
            return;
        }
        var role = trust.pairedRole(self.value());
        if (role.isPresent()) {
            LOG.info("node {}: security mode is paired: this device is paired as a {}; only devices of the room's"
                    + " trust list may register, lead or be followed", selfName, role.get());
        } else {
            LOG.warn("node {}: security mode is paired but this device ({}) is not paired yet: the leader will refuse"
                    + " it with not-paired. On a paired controller run 'livecontrol pair', then here 'livecontrol"
                    + " pair --code <code> --controller <address>' with the same --state-dir", selfName, self);
        }
    }
}
