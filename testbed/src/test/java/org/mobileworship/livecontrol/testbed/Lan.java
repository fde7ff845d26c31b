package org.mobileworship.livecontrol.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated room: a bridge namespace and one namespace per host (docs/architecture.md §7), only 198.18.0.0/24, names
 * unique per run ({@code lc<pid><letter>-lan}, {@code lc<pid><letter>-h<i>}). Also the fault injectors: cut a host
 * off the bridge, nftables filters inside a host namespace, address changes.
 *
 * <p>Teardown is {@link #close()}, also run by a JVM shutdown hook; namespaces left over by a run whose JVM is gone
 * (SIGKILL) are deleted, with the processes inside them, by {@link #deleteLeftovers()} at the next start.
 */
final class Lan implements AutoCloseable {
    static final String SUBNET = "198.18.0.";
    private static final Pattern OURS = Pattern.compile("^lc(\\d+)[a-z]+-(lan|h\\d+)$");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Set<Lan> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Lan::close), "testbed-teardown"));
    }

    final String prefix;
    private final String lanNs;
    private final Map<Integer, String> hosts = new ConcurrentHashMap<>();
    private final Map<Integer, String> addresses = new ConcurrentHashMap<>();
    private final List<Runnable> beforeTeardown = new ArrayList<>();
    private volatile boolean closed;

    private Lan() {
        int n = SEQ.getAndIncrement();
        this.prefix = "lc" + ProcessHandle.current().pid() + (char) ('a' + n % 26) + (n >= 26 ? String.valueOf((char) ('a' + n / 26 % 26)) : "");
        this.lanNs = prefix + "-lan";
    }

    /** Why the testbed cannot run here, or null when it can. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name")) && !isRootUid()) {
            return "the LAN testbed needs root (network namespaces); run scripts/test-all as root";
        }
        if (!onPath("ip")) {
            return "the LAN testbed needs `ip` (iproute2)";
        }
        String probe = "lc" + ProcessHandle.current().pid() + "probe-lan";
        try {
            Result r = run("ip", "netns", "add", probe);
            if (r.code != 0) {
                return "network namespaces unavailable: " + r.output.trim();
            }
        } finally {
            run("ip", "netns", "del", probe);
        }
        return null;
    }

    static boolean nftAvailable() {
        return onPath("nft");
    }

    private static boolean isRootUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, cmd))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", cmd)) || Files.isExecutable(Path.of("/sbin", cmd));
    }

    /** Deletes namespaces (and kills the processes inside) left by earlier testbed JVMs that no longer run. */
    static void deleteLeftovers() {
        Result list = run("ip", "netns", "list");
        for (String line : list.output.split("\n")) {
            String name = line.trim().split("\\s+")[0];
            Matcher m = OURS.matcher(name);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                continue;
            }
            killInside(name);
            run("ip", "netns", "del", name);
            System.out.println("[testbed] deleted leftover namespace " + name);
        }
    }

    private static void killInside(String ns) {
        for (String pid : run("ip", "netns", "pids", ns).output.split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Creates the bridge namespace; hosts are added with {@link #addHost(int)}. */
    static Lan create() {
        Lan lan = new Lan();
        OPEN.add(lan);
        lan.sh("ip", "netns", "add", lan.lanNs);
        lan.sh("ip", "-n", lan.lanNs, "link", "add", "br0", "type", "bridge");
        lan.sh("ip", "-n", lan.lanNs, "link", "set", "br0", "up");
        lan.sh("ip", "-n", lan.lanNs, "link", "set", "lo", "up");
        return lan;
    }

    /** Host i (1..254): its namespace, a veth pair to the bridge, address 198.18.0.i/24, multicast route. */
    String addHost(int i) {
        String ns = prefix + "-h" + i;
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", lanNs, "link", "add", "p" + i, "type", "veth", "peer", "name", "v" + i, "netns", ns);
        sh("ip", "-n", lanNs, "link", "set", "p" + i, "master", "br0");
        sh("ip", "-n", lanNs, "link", "set", "p" + i, "up");
        sh("ip", "-n", ns, "addr", "add", SUBNET + i + "/24", "dev", "v" + i);
        sh("ip", "-n", ns, "link", "set", "v" + i, "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", "v" + i);
        hosts.put(i, ns);
        return ns;
    }

    String ns(int host) {
        String ns = hosts.get(host);
        if (ns == null) {
            throw new IllegalArgumentException("no host " + host);
        }
        return ns;
    }

    static String ip(int host) {
        return SUBNET + host;
    }

    /** Cuts host i off the bridge (its side of the veth stays up, so the node sees no interface change). */
    void cut(int i) {
        sh("ip", "-n", lanNs, "link", "set", "p" + i, "down");
    }

    void heal(int i) {
        sh("ip", "-n", lanNs, "link", "set", "p" + i, "up");
    }

    /** Moves the given hosts onto a second bridge: two halves that cannot reach each other; {@link #join} undoes it. */
    void split(int... hostsOfSecondHalf) {
        if (Lan.run("ip", "-n", lanNs, "link", "show", "br1").code() != 0) {
            sh("ip", "-n", lanNs, "link", "add", "br1", "type", "bridge");
            sh("ip", "-n", lanNs, "link", "set", "br1", "up");
        }
        for (int i : hostsOfSecondHalf) {
            sh("ip", "-n", lanNs, "link", "set", "p" + i, "master", "br1");
        }
    }

    void join(int... hostsOfSecondHalf) {
        for (int i : hostsOfSecondHalf) {
            sh("ip", "-n", lanNs, "link", "set", "p" + i, "master", "br0");
        }
    }

    /** nftables table of the ICE blocks ({@link #blockIce}); each fault kind has its own so undoing one keeps the others. */
    static final String ICE_TABLE = "lctb";
    /** nftables table of the loss bursts ({@link #loss}). */
    static final String LOSS_TABLE = "lcloss";
    /** nftables table of a power loss ({@link #powerOff}). */
    static final String POWER_TABLE = "lcpower";

    /**
     * Inside host i: drops everything exchanged with host j except signaling TCP (port {@code signalingPort}, either
     * direction) and mDNS, so ICE (UDP and ICE-TCP) fails between the two while the relay through the leader works.
     * Matches j's current address ({@link #address}).
     */
    void blockIce(int i, int j, int signalingPort) {
        String peer = address(j);
        nft(i, "add table inet " + ICE_TABLE);
        nft(i, "add chain inet " + ICE_TABLE + " in { type filter hook input priority 0 ; policy accept ; }");
        nft(i, "add chain inet " + ICE_TABLE + " out { type filter hook output priority 0 ; policy accept ; }");
        for (String[] dir : new String[][] {{"in", "saddr"}, {"out", "daddr"}}) {
            String rule = "add rule inet " + ICE_TABLE + " " + dir[0] + " ip " + dir[1] + " " + peer;
            nft(i, rule + " tcp dport " + signalingPort + " accept");
            nft(i, rule + " tcp sport " + signalingPort + " accept");
            nft(i, rule + " udp dport 5353 accept");
            nft(i, rule + " drop");
        }
    }

    /** Inside host i: drops {@code percent} % of the packets arriving on its LAN interface at random. */
    void loss(int i, int percent) {
        nft(i, "add table inet " + LOSS_TABLE);
        nft(i, "add chain inet " + LOSS_TABLE + " in { type filter hook input priority 0 ; policy accept ; }");
        nft(i, "add rule inet " + LOSS_TABLE + " in iifname \"v" + i + "\" numgen random mod 100 < " + percent + " drop");
    }

    /**
     * Power loss as the rest of the room sees it: inside host i every packet in or out of its LAN interface is dropped
     * silently (no TCP reset, no FIN, no ICMP): the host just goes quiet, as a laptop whose battery died or whose WiFi
     * vanished. The process keeps running until the caller kills it (power off) or calls {@link #powerOn} (the link
     * came back). Needs nftables; without it the bridge port is cut instead (also silent).
     */
    void powerOff(int i) {
        if (!nftAvailable()) {
            cut(i);
            return;
        }
        nft(i, "add table inet " + POWER_TABLE);
        nft(i, "add chain inet " + POWER_TABLE + " in { type filter hook input priority -10 ; policy accept ; }");
        nft(i, "add chain inet " + POWER_TABLE + " out { type filter hook output priority -10 ; policy accept ; }");
        nft(i, "add rule inet " + POWER_TABLE + " in iifname \"v" + i + "\" drop");
        nft(i, "add rule inet " + POWER_TABLE + " out oifname \"v" + i + "\" drop");
    }

    /**
     * Inside host i every packet it sends on its LAN interface is refused locally (the sending call fails with "Operation
     * not permitted"), while packets still arrive: the moment a link goes away as a sending process sees it. Undone by
     * {@link #powerOn}. Needs nftables.
     */
    void failSends(int i) {
        nft(i, "add table inet " + POWER_TABLE);
        nft(i, "add chain inet " + POWER_TABLE + " out { type filter hook output priority -10 ; policy accept ; }");
        nft(i, "add rule inet " + POWER_TABLE + " out oifname \"v" + i + "\" drop");
    }

    void powerOn(int i) {
        if (!nftAvailable()) {
            heal(i);
            return;
        }
        unfilter(i, POWER_TABLE);
    }

    /** Removes every filter the testbed put into host i. */
    void unfilter(int i) {
        for (String table : List.of(ICE_TABLE, LOSS_TABLE, POWER_TABLE)) {
            unfilter(i, table);
        }
    }

    /** Removes one kind of filter from host i (no-op when there is none). */
    void unfilter(int i, String table) {
        run("ip", "netns", "exec", ns(i), "nft", "delete", "table", "inet", table);
    }

    /**
     * Moves host i from 198.18.0.{@code from} to 198.18.0.{@code to} on the same interface, as a new DHCP lease does.
     * promote_secondaries first: without it (the default in a new namespace) deleting the primary address also deletes
     * the new one, which is a secondary in the same subnet.
     */
    void changeAddress(int i, int from, int to) {
        sh("ip", "netns", "exec", ns(i), "sysctl", "-q", "-w", "net.ipv4.conf.v" + i + ".promote_secondaries=1");
        sh("ip", "-n", ns(i), "addr", "add", SUBNET + to + "/24", "dev", "v" + i);
        sh("ip", "-n", ns(i), "addr", "del", SUBNET + from + "/24", "dev", "v" + i);
        addresses.put(i, SUBNET + to);
    }

    /** Host i's address now (198.18.0.i until {@link #changeAddress} moved it). */
    String address(int i) {
        return addresses.getOrDefault(i, ip(i));
    }

    /** The IPv4 addresses host i has on its LAN interface now. */
    String addresses(int i) {
        return run("ip", "-n", ns(i), "-4", "-o", "addr", "show", "dev", "v" + i).output.trim();
    }

    private void nft(int host, String rule) {
        sh("ip", "netns", "exec", ns(host), "nft", rule);
    }

    /** Runs before the namespaces go (the harness registers "kill my processes" here). */
    synchronized void beforeTeardown(Runnable r) {
        beforeTeardown.add(r);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable r : beforeTeardown) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.out.println("[testbed] teardown step failed: " + e);
            }
        }
        for (String ns : hosts.values()) {
            killInside(ns);
            run("ip", "netns", "del", ns);
        }
        run("ip", "netns", "del", lanNs);
        OPEN.remove(this);
    }

    private void sh(String... cmd) {
        Result r = run(cmd);
        if (r.code != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.output.trim());
        }
    }

    record Result(int code, String output) {
    }

    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
