package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Lists;

import java.util.List;
import java.util.Set;

/**
 * Which names a context copy leaves out: version-control and build debris, and anything that looks
 * like a credential (the reference's list). Symlinks and special files are never copied either.
 */
public final class ContextPolicy {
    public static final int MAX_DEPTH = 128;

    private static final Set<String> NAMES = Set.of("target", "node_modules", ".ds_store", "__pycache__", ".svn",
            ".env", ".ssh", ".gnupg", ".aws", ".azure", ".gcloud", ".docker", ".netrc", ".kube", ".helm");
    private static final List<String> SUFFIXES = List.of(".swp", ".swo", ".pem", ".key", ".p12", ".crt", ".pfx", ".jks");
    private static final List<String> FRAGMENTS = List.of("credential", "secret", "private_key", "kubeconfig");

    private ContextPolicy() {
    }

    public static boolean excluded(String name) {
        String lower = AsciiText.lowerCase(name);
        return lower.equals(".git") || NAMES.contains(lower) || lower.startsWith(".env.")
                || Lists.anyMatch(SUFFIXES, lower::endsWith) || Lists.anyMatch(FRAGMENTS, lower::contains);
    }
}
