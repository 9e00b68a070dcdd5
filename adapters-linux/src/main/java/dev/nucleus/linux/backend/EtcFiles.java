package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.value.HostEntry;
import dev.nucleus.domain.value.IpAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The /etc a container gets without a rootfs: generated identity, hosts and resolver files, plus a
 * few read-only host entries programs need (Debian's alternatives symlinks, TLS roots, the time
 * zone); nothing else of the host's /etc.
 */
final class EtcFiles {

    private EtcFiles() {
    }

    /** Sources are canonical (Debian's /etc/localtime is a symlink into /usr/share/zoneinfo). */
    static List<PlanInputs.EtcBind> hostBinds() throws IOException {
        List<PlanInputs.EtcBind> out = new java.util.ArrayList<>();
        for (String entry : RootfsSource.HOST_ETC_ENTRIES) {
            Path p = Path.of(entry);
            if (Files.exists(p)) {
                Path real = p.toRealPath();
                out.add(new PlanInputs.EtcBind(real.toString(), entry, Files.isDirectory(real)));
            }
        }
        return out;
    }

    static List<PlanInputs.EtcFile> of(String hostname, PlanInputs.Workload who, NetworkMode network,
                                       List<IpAddress> dns, List<HostEntry> extraHosts) throws IOException {
        return of(hostname, who, network, dns, extraHosts, List.of());
    }

    /** As above; {@code addresses} (a bridged container's own) name the hostname in /etc/hosts. */
    static List<PlanInputs.EtcFile> of(String hostname, PlanInputs.Workload who, NetworkMode network,
                                       List<IpAddress> dns, List<HostEntry> extraHosts, List<IpAddress> addresses)
            throws IOException {
        StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/bin/sh\n");
        StringBuilder group = new StringBuilder("root:x:0:\n");
        if (who.uid() != 0) {
            passwd.append("user:x:").append(who.uid()).append(':').append(who.gid())
                    .append(":workload:/home/agent:/bin/sh\n");
        }
        if (who.gid() != 0) {
            group.append("group:x:").append(who.gid()).append(":\n");
        }
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (addresses.isEmpty()) {
            hosts.append("127.0.1.1\t").append(hostname).append('\n');
        }
        addresses.forEach(a -> hosts.append(a).append('\t').append(hostname).append('\n'));
        extraHosts.forEach(h -> hosts.append(h.address()).append('\t').append(h.name()).append('\n'));
        // --dns wins; otherwise only the host network needs the host's resolvers (none has no network).
        StringBuilder servers = new StringBuilder();
        dns.forEach(ip -> servers.append("nameserver ").append(ip).append('\n'));
        String resolv = !dns.isEmpty() ? servers.toString()
                : network == NetworkMode.HOST && Files.isReadable(Path.of("/etc/resolv.conf"))
                ? Files.readString(Path.of("/etc/resolv.conf")) : "";
        return List.of(new PlanInputs.EtcFile("passwd", passwd.toString()),
                new PlanInputs.EtcFile("group", group.toString()),
                new PlanInputs.EtcFile("hosts", hosts.toString()),
                new PlanInputs.EtcFile("resolv.conf", resolv),
                new PlanInputs.EtcFile("nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n"));
    }

    /**
     * With a rootfs that has its own /etc: the generated hosts (bridge, --add-host) and resolv.conf
     * (bridge, --dns), staged in {@code stage} and bound read-only over the rootfs's files. A rootfs
     * without such a regular file keeps what it has, with a warning: its /etc is read-only.
     */
    static List<PlanInputs.EtcBind> rootfsOverrides(dev.nucleus.domain.rules.ContainerSpec spec, Path rootfs,
                                                    Path stage, List<PlanInputs.EtcFile> generated,
                                                    dev.nucleus.ports.out.EventSink events) throws IOException {
        var net = spec.request().network();
        boolean bridged = net.mode() == NetworkMode.BRIDGE;
        List<String> wanted = new java.util.ArrayList<>();
        if (bridged || !net.extraHosts().isEmpty()) {
            wanted.add("hosts");
        }
        if (bridged || !spec.network().dns().isEmpty()) {
            wanted.add("resolv.conf");
        }
        List<PlanInputs.EtcBind> out = new java.util.ArrayList<>();
        for (String name : wanted) {
            if (!Files.isRegularFile(rootfs.resolve("etc").resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                events.warning("the rootfs has no regular file /etc/" + name + " to bind the generated one over;"
                        + " the container keeps the rootfs's own");
                continue;
            }
            String content = generated.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().content();
            Files.createDirectories(stage);
            Path staged = stage.resolve(name);
            Files.writeString(staged, content);
            Files.setPosixFilePermissions(staged, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            out.add(new PlanInputs.EtcBind(staged.toString(), "/etc/" + name, false));
        }
        return out;
    }
}
