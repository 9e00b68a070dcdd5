package dev.nucleus.domain.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

class LaunchOptionTest {
    @Test
    void everyFlagAShortFlagAndAnAliasNamesItsOption() {
        Set<String> flags = new HashSet<>();
        for (LaunchOption o : LaunchOption.values()) {
            assertEquals(Optional.of(o), LaunchOption.byFlag(o.flag()), o.flag());
            assertTrue(flags.add(o.flag()), "two options share " + o.flag());
            o.shortFlag().ifPresent(f -> {
                assertEquals(Optional.of(o), LaunchOption.byFlag(f), f);
                assertTrue(flags.add(f), "two options share " + f);
            });
            for (String alias : o.aliasFlags()) {
                assertEquals(Optional.of(o), LaunchOption.byFlag(alias), alias);
                assertTrue(flags.add(alias), "two options share " + alias);
            }
        }
        assertEquals(Optional.of(LaunchOption.CREDENTIAL_BROKER_NO_PROXY_ENV),
                LaunchOption.byFlag("--no-broker-proxy-env"));
        assertEquals(Optional.of(LaunchOption.MEMORY), LaunchOption.byFlag("-m"));
    }

    @Test
    void whatNamesNoOptionIsEmpty() {
        for (String flag : new String[]{"", "-", "--", "memory", "-memory", "--memor", "--memoryx", "---memory",
                "--MEMORY", "-M", "-x", "-mm", "--help", "--dry-run", "--root", "--memory=1G"}) {
            assertEquals(Optional.empty(), LaunchOption.byFlag(flag), flag);
        }
    }

    @Test
    void configKeysStillFindTheirOptions() {
        assertEquals(Optional.of(LaunchOption.ENV), LaunchOption.byConfigKey("env_vars"));
        assertEquals(Optional.of(LaunchOption.SERVICE_MODE), LaunchOption.byConfigKey("service_mode"));
        assertEquals(Optional.empty(), LaunchOption.byConfigKey("service-mode"));
        assertTrue(LaunchOption.allConfigKeys().contains(LaunchOption.COMMAND_KEY));
    }
}
