package dev.nucleus.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Set;

/**
 * Single JDK members, inside otherwise allowed types, that read the clock, the environment or
 * hidden entropy. They are matched on calls, field reads and method references alike
 * ({@code Instant::now} is as much a clock read as {@code Instant.now()}).
 */
final class AmbientAccess {
    private AmbientAccess() {
    }

    /**
     * Wall-clock and host-zone reads. {@code now(Clock)} and {@code dateNow(Clock)} stay
     * allowed: taking the time through a {@code Clock} parameter is the design.
     */
    static DescribedPredicate<JavaAccess<?>> clockReads() {
        return DescribedPredicate.describe(
                "read the clock (java.time now()/now(ZoneId), Clock.system*, InstantSource.system,"
                        + " ZoneId.systemDefault, System.currentTimeMillis/nanoTime)",
                access -> isClockRead(access.getTarget()));
    }

    /**
     * Everything on {@code java.lang.System} except {@code arraycopy} and {@code
     * identityHashCode} (getenv, getProperty, exit, in/out/err, load, lineSeparator, ...),
     * property-backed getters ({@code Integer.getInteger}, {@code Long.getLong}, {@code
     * Boolean.getBoolean}), class and resource loading through {@code Class}, and the default
     * locale.
     */
    static DescribedPredicate<JavaAccess<?>> environmentReads() {
        return DescribedPredicate.describe(
                "touch the process environment (System.* except arraycopy/identityHashCode,"
                        + " Integer.getInteger, Long.getLong, Boolean.getBoolean, Class.forName,"
                        + " Class.getResource*, Class.getClassLoader, Locale.getDefault/setDefault)",
                access -> isEnvironmentRead(access.getTarget()));
    }

    /** Randomness the caller did not supply: unseeded generators and their shortcuts. */
    static DescribedPredicate<JavaAccess<?>> hiddenRandomness() {
        return DescribedPredicate.describe(
                "draw hidden randomness (Math.random, StrictMath.random, UUID.randomUUID,"
                        + " new Random(), new SplittableRandom(), Collections.shuffle(List))",
                access -> isHiddenRandomness(access.getTarget()));
    }

    /** System.load/loadLibrary and Runtime.load/loadLibrary. */
    static DescribedPredicate<JavaAccess<?>> nativeLibraryLoading() {
        return DescribedPredicate.describe("load a native library (System/Runtime.load, loadLibrary)",
                access -> {
                    String owner = access.getTarget().getOwner().getName();
                    String name = access.getTarget().getName();
                    return (owner.equals("java.lang.System") || owner.equals("java.lang.Runtime"))
                            && (name.equals("load") || name.equals("loadLibrary"));
                });
    }

    private static boolean isClockRead(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        if (owner.startsWith("java.time.") && (name.equals("now") || name.equals("dateNow"))) {
            return !takesParameter(target, "java.time.Clock");
        }
        return (owner.equals("java.time.Clock") && name.startsWith("system"))
                || (owner.equals("java.time.InstantSource") && name.equals("system"))
                || (owner.equals("java.time.ZoneId") && name.equals("systemDefault"))
                || (owner.equals("java.lang.System") && Set.of("currentTimeMillis", "nanoTime").contains(name));
    }

    private static boolean isEnvironmentRead(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        return switch (owner) {
            case "java.lang.System" -> !Set.of("arraycopy", "identityHashCode").contains(name);
            case "java.lang.Integer" -> name.equals("getInteger");
            case "java.lang.Long" -> name.equals("getLong");
            case "java.lang.Boolean" -> name.equals("getBoolean");
            case "java.lang.Class" -> name.equals("forName") || name.startsWith("getResource")
                    || name.equals("getClassLoader") || name.equals("newInstance");
            case "java.util.Locale" -> name.equals("getDefault") || name.equals("setDefault");
            default -> false;
        };
    }

    private static boolean isHiddenRandomness(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        return switch (owner) {
            case "java.lang.Math", "java.lang.StrictMath" -> name.equals("random");
            case "java.util.UUID" -> name.equals("randomUUID");
            case "java.util.Random", "java.util.SplittableRandom" ->
                    name.equals("<init>") && parameterCount(target) == 0;
            case "java.util.Collections" -> name.equals("shuffle") && parameterCount(target) == 1;
            default -> false;
        };
    }

    private static boolean takesParameter(AccessTarget target, String typeName) {
        return target instanceof CodeUnitAccessTarget codeUnit
                && codeUnit.getRawParameterTypes().stream().map(JavaClass::getName).anyMatch(typeName::equals);
    }

    private static int parameterCount(AccessTarget target) {
        return target instanceof CodeUnitAccessTarget codeUnit ? codeUnit.getRawParameterTypes().size() : -1;
    }
}
