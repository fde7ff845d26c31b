package org.mobileworship.livecontrol.signaling.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which browser origins may open the signaling WebSocket. Browsers send {@code Origin} on every WebSocket
 * upgrade and let any page connect anywhere, so without this check a page on any web site, open in a staff
 * laptop's browser on the church WiFi, could join the room. Allowed:
 * <ul>
 *   <li>no {@code Origin} header: not a browser (the Java client, the seed's native clients); their
 *       access is governed by registration, not by origin;</li>
 *   <li>pages served on this local network: an origin whose host is a loopback, private or link-local IP
 *       literal, {@code localhost} or an mDNS {@code .local} name, on any port. These are the room's own pages:
 *       every node that led serves {@code /display} and {@code /control}, and an open page must re-register with
 *       the next leader, which is another host (and, on one machine, another port) than the page's origin. A web
 *       site opened in a staff browser has a DNS name or a public address as its origin and stays refused; a
 *       public DNS name is never trusted even when it resolves here (DNS rebinding). A page served by some other
 *       device on the LAN passes, but such a device can open the WebSocket directly without a browser: what
 *       stops it is registration, not the origin;</li>
 *   <li>an origin listed in {@code livecontrol.signaling.allowed-origins} (exact {@code scheme://host[:port]}).</li>
 * </ul>
 * Anything else is refused with HTTP 403, logged once per origin.
 */
final class OriginPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(OriginPolicy.class);
    /** Bounds the once-per-origin log memory: a flood of made-up origins must not grow the heap. */
    private static final int MAX_REMEMBERED = 256;

    private final Set<String> allowed;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    OriginPolicy(List<String> allowedOrigins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String o : allowedOrigins) {
            String n = normalize(o);
            if (n == null) {
                throw new IllegalArgumentException("invalid origin '" + o + "' in config key "
                        + SignalingSettings.ALLOWED_ORIGINS + ": expected scheme://host[:port], e.g. http://192.168.1.20:8080");
            }
            normalized.add(n);
        }
        this.allowed = Set.copyOf(normalized);
    }

    /**
     * Why an upgrade with this {@code Origin} must be refused, or {@code null} if it may proceed.
     *
     * @param origin     the {@code Origin} header, or {@code null}
     */
    String refusal(String origin) {
        if (origin == null) {
            return null;
        }
        String o = normalize(origin);
        if (o != null && allowed.contains(o)) {
            return null;
        }
        if (o != null && localNetworkOrigin(o)) {
            return null;
        }
        String why = "origin '" + origin + "' may not open the signaling WebSocket: only pages this leader serves"
                + " and origins in " + SignalingSettings.ALLOWED_ORIGINS + " may";
        if (logged.size() < MAX_REMEMBERED && logged.add(origin)) {
            LOG.warn("refused a WebSocket upgrade from {} (HTTP 403); add it to {} if it is a trusted page",
                    origin, SignalingSettings.ALLOWED_ORIGINS);
        }
        return why;
    }

    /** An origin served from this local network (see the class comment); never a public name or address. */
    private static boolean localNetworkOrigin(String normalizedOrigin) {
        String host = URI.create(normalizedOrigin).getHost();
        if (host == null || !localName(host)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".local")) {
            return true;
        }
        try {
            // an IP literal (localName checked): parsed, never looked up
            java.net.InetAddress a = java.net.InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
            boolean uniqueLocalV6 = a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || uniqueLocalV6;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Names a rebinding attacker cannot own: IP literals, localhost, mDNS names. */
    private static boolean localName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.equals("localhost") || h.endsWith(".local")) {
            return true;
        }
        return h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** {@code scheme://host:port} with the default port made explicit, lower case; {@code null} if not an origin. */
    static String normalize(String origin) {
        try {
            URI u = new URI(origin.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                return null;
            }
            int port = u.getPort() == -1 ? defaultPort(scheme) : u.getPort();
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
