package dev.nucleus.linux.state;

import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.linux.json.JsonText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's health verdict, {@code health.json} next to its state: written (atomically) by
 * the runtime that runs the checks, read by ps and state. Apart from the state file so that a
 * check never contends for the state's lock.
 */
public final class HealthFile {
    static final String FILE = "health.json";
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

    private HealthFile() {
    }

    public static void write(Path containerDir, HealthStatus status, int failingStreak) throws IOException {
        String json = JsonText.compact().put("status", status.cliName()).put("failing_streak", failingStreak)
                .put("checked_unix_ms", System.currentTimeMillis()).finish() + "\n";
        Path tmp = containerDir.resolve(FILE + ".tmp-" + SelfPid.get());
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, json, StandardCharsets.UTF_8, LinkOption.NOFOLLOW_LINKS);
        Files.move(tmp, containerDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last verdict, or empty when the container has no health check (or it has not begun). */
    public static Optional<HealthStatus> read(Path containerDir) {
        try {
            Matcher m = STATUS.matcher(Files.readString(containerDir.resolve(FILE), StandardCharsets.UTF_8));
            if (!m.find()) {
                return Optional.empty();
            }
            for (HealthStatus s : HealthStatus.values()) {
                if (s.cliName().equals(m.group(1))) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: shown as unknown rather than failing ps
        }
    }
}
