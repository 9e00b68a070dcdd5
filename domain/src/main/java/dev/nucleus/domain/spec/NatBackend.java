package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** How bridge traffic is NATed: kernel bridge and iptables, or slirp4netns in user space. */
public enum NatBackend implements CliChoice {
    AUTO, KERNEL, USERSPACE
}
