#!/bin/sh
# Runs inside a Nucleus agent sandbox (make demo): shows what the workload can and cannot see.
show() { printf '  %-34s %s\n' "$1" "$2"; }
try() { if sh -c "$1" >/dev/null 2>&1; then echo "allowed"; else echo "refused"; fi; }

echo "Inside the sandbox"
show "identity" "$(id)"
show "hostname" "$(hostname)"
show "PID of this shell" "$$ (its own PID namespace)"
show "processes visible" "$(ls /proc | grep -c '^[0-9]')"
show "capabilities (CapEff)" "$(grep CapEff /proc/self/status | cut -f2)"
show "no_new_privs" "$(grep NoNewPrivs /proc/self/status | cut -f2)"
show "seccomp mode" "$(grep '^Seccomp:' /proc/self/status | cut -f2) (2 = filter)"
show "network interfaces" "$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
show "/context files" "$(cd /context && find . -type f | sort | tr '\n' ' ')"
show "write /tmp" "$(try 'echo x > /tmp/demo')"
show "write /" "$(try 'echo x > /demo')"
show "write /context" "$(try 'echo x > /context/demo')"
show "write /usr/bin" "$(try 'echo x > /usr/bin/demo')"
show "read /etc/shadow" "$(try 'cat /etc/shadow')"
show "mount a tmpfs" "$(try 'mount -t tmpfs none /tmp')"
show "new user namespace (unshare -U)" "$(try 'unshare -U true')"
show "/proc/kallsyms bytes" "$(wc -c < /proc/kallsyms) (masked)"
show "/dev/urandom" "$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' ')"
