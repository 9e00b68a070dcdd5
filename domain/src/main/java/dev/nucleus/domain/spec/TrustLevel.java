package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How far the workload is trusted; untrusted workloads need gVisor outside agent mode. */
public enum TrustLevel implements CliChoice {
    TRUSTED, UNTRUSTED
}
