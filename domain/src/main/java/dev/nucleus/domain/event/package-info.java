/**
 * What a launch reports while it runs: the events stream's records ({@code --events-jsonl},
 * {@code --events-fd}), the achieved security status, and the kernel's seccomp audit records
 * they are derived from.
 */
package dev.nucleus.domain.event;
