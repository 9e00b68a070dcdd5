package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How far the workload is trusted; untrusted workloads need gVisor outside agent mode. */
public enum TrustLevel implements CliChoice {
    TRUSTED("trusted"),
    UNTRUSTED("untrusted");

    private final String cliName;

    TrustLevel(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
