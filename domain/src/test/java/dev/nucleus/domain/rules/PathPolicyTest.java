package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPolicyTest {
    @ParameterizedTest(name = "{0} denied as a volume source: {1}")
    @CsvSource({"/, true", "/etc, true", "/etc/../etc/shadow, true", "/home/dev/project, true", "/root/x, true",
            "/var/log/syslog, true", "/srv/data, false", "/var/lib/app, false", "relative/dir, false",
            "/etcetera, false"})
    void bindSources(String path, boolean denied) {
        assertEquals(denied, PathPolicy.deniedBindSource(path));
    }

    @ParameterizedTest(name = "{0} denied as a provider config: {1}")
    @CsvSource({"/, true", "/home, true", "/root, true", "/home/dev, true", "/home/dev/, true", "/etc/aws, true",
            "/run/user/0/x, true", "/home/dev/.aws, false", "/root/.config/gh, false", "/srv/creds, false",
            "/home/dev/../../etc, true"})
    void providerSources(String path, boolean denied) {
        assertEquals(denied, PathPolicy.deniedProviderSource(path));
    }

    @ParameterizedTest(name = "{0} denied as a secret's source: {1}")
    @CsvSource({"/proc/1/environ, true", "/proc, true", "/sys/kernel/x, true", "/etc/ssl/private/key.pem, false",
            "/run/secrets/db, false", "/home/dev/.netrc, false", "/dev/shm/token, false", "/processes/x, false"})
    void secretSources(String canonicalPath, boolean denied) {
        assertEquals(denied, PathPolicy.inKernelView(canonicalPath));
    }
}
