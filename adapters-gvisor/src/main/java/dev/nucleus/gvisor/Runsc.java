package dev.nucleus.gvisor;

import dev.nucleus.domain.spec.GvisorPlatform;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runsc binary and its command lines. runsc is taken only from fixed system paths and only
 * when it is owned by root and writable by nobody else. The platform, unless asked for, is the
 * best this runsc has: systrap (2023 and later builds; it works on this kernel), else ptrace; KVM
 * only when asked (it hangs here).
 */
final class Runsc {
    static final List<Path> TRUSTED = List.of(Path.of("/usr/bin/runsc"), Path.of("/usr/sbin/runsc"),
            Path.of("/usr/local/bin/runsc"));
    /** The first runsc release with the systrap platform. */
    static final long SYSTRAP_SINCE = 20230417;
    /** runsc's version line: compiled only when a platform is probed, not by every launch (the cache answers). */
    private static final class Version {
        static final Pattern LINE = Pattern.compile("runsc version \\S*?(\\d{8})");
    }

    private final Path binary;

    private Runsc(Path binary) {
        this.binary = binary;
    }

    static Runsc find() throws LaunchFailedException {
        return new Runsc(TrustedProgram.first(TRUSTED).orElseThrow(() -> new LaunchFailedException("runsc not found"
                + " (as a root-owned file nobody else may write) in " + TRUSTED + "; install gVisor (scripts/setup.sh)")));
    }

    Path binary() {
        return binary;
    }

    /** The release date in runsc's version line (e.g. 20240729), if it says one. */
    static Optional<Long> releaseDate(String versionOutput) {
        Matcher m = Version.LINE.matcher(versionOutput);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    static GvisorPlatform bestPlatform(Optional<Long> releaseDate) {
        return releaseDate.filter(d -> d >= SYSTRAP_SINCE).isPresent() ? GvisorPlatform.SYSTRAP : GvisorPlatform.PTRACE;
    }

    /** A runsc at {@code binary}, as trusted by the caller (tests). */
    static Runsc at(Path binary) {
        return new Runsc(binary);
    }

    /**
     * The platform for this launch: asked for, or probed once per runsc binary and cached in
     * {@code cache} (the platform, then the binary's identity: an upgraded or replaced runsc is
     * probed again, so a newer build gets systrap and an older one is not given it).
     */
    GvisorPlatform platform(Optional<GvisorPlatform> asked, Path cache) throws LaunchFailedException {
        if (asked.isPresent()) {
            return asked.get();
        }
        try {
            String identity = identity(binary);
            Optional<GvisorPlatform> cached = cached(cache, identity);
            if (cached.isPresent()) {
                return cached.get();
            }
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            GvisorPlatform best = bestPlatform(releaseDate(out));
            Files.createDirectories(cache.getParent());
            // Whole or not at all: another launch may be reading it.
            Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.writeString(tmp, best.name() + "\n" + identity + "\n");
            Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return best;
        } catch (IOException e) {
            throw new LaunchFailedException("cannot choose the gVisor platform: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while probing runsc", e);
        }
    }

    /** The cached platform, when the cache was written for this very binary. */
    static Optional<GvisorPlatform> cached(Path cache, String identity) {
        try {
            List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
            if (lines.size() == 2 && lines.get(1).equals(identity)) {
                return Optional.of(GvisorPlatform.valueOf(lines.get(0).strip()));
            }
        } catch (IOException | IllegalArgumentException e) {
            // none yet, or not one we wrote: probe again
        }
        return Optional.empty();
    }

    /** What changes when the binary is upgraded, replaced or rewritten: device, inode, size, mtime and ctime. */
    static String identity(Path binary) throws IOException {
        Map<String, Object> a = Files.readAttributes(binary, "unix:dev,ino,size,lastModifiedTime,ctime");
        // Nanoseconds, not Instants: an Instant's text costs a launch the JDK's date-time formatter
        // set-up (some 1 ms, cold). A cache written in the older form is simply probed again.
        return a.get("dev") + ":" + a.get("ino") + " " + a.get("size") + " "
                + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS) + " "
                + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
    }

    /** {@code runsc --root STATE --platform P --network N [global...] COMMAND args...}. */
    List<String> argv(Path state, GvisorPlatform platform, String network, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "--root", state.toString(), "--platform",
                platform.cliName(), "--network", network));
        argv.addAll(command);
        return argv;
    }
}
