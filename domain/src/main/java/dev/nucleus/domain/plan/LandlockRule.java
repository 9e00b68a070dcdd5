package dev.nucleus.domain.plan;

/** Access granted beneath one path; an optional path that does not exist is skipped. */
public record LandlockRule(String path, long access, boolean optional) {
}
