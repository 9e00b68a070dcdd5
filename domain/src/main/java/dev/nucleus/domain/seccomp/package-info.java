/**
 * Seccomp policy as data: actions, argument conditions, rules, profiles, and the built-in
 * default profile. Compiling a profile to BPF is the Linux adapter's job
 * ({@code dev.nucleus.linux.seccomp.SeccompCompiler}); installing it is the shim's.
 */
package dev.nucleus.domain.seccomp;
