package dev.nucleus.domain.seccomp;

/** Architectures a profile may name, as OCI spells them ({@code SCMP_ARCH_X86_64}, ...). */
public enum SeccompArchitecture {
    X86_64, AARCH64, RISCV64;

    /** The OCI / libseccomp name, e.g. {@code SCMP_ARCH_X86_64}. */
    public String ociName() {
        return "SCMP_ARCH_" + name();
    }
}
