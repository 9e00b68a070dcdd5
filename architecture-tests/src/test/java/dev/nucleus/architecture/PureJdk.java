package dev.nucleus.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.FieldAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;
import java.util.Optional;

/**
 * The part of {@code java.base} that the domain and the ports may use: values, collections,
 * text, time as data, arithmetic. Everything else in the JDK (java.io, java.nio.file,
 * java.nio.channels, java.net, java.util.concurrent, java.lang.reflect, java.lang.invoke,
 * java.lang.foreign, java.security, java.text, java.util.logging, ...) and every third-party
 * package is outside the allow-list.
 *
 * <p>Inside the allowed packages a few types still reach the outside world; {@link
 * #AMBIENT_AUTHORITY_TYPES} names them, and {@link AmbientAccess} names the single methods.
 */
final class PureJdk {
    private PureJdk() {
    }

    /** Exact packages (no "..": {@code java.lang} does not admit {@code java.lang.reflect}). */
    static final List<String> PACKAGES = List.of(
            "java.lang",            // String, records, enums, exceptions, Math; minus AMBIENT_AUTHORITY_TYPES
            "java.lang.annotation", // to declare the domain's own annotations
            "java.util",            // collections, Optional, Objects, HexFormat; minus AMBIENT_AUTHORITY_TYPES
            "java.util.function",
            "java.util.stream",
            "java.util.regex",
            "java.time..",          // as data only; AmbientAccess forbids reading the clock
            "java.math",
            "java.nio",             // ByteBuffer/ByteOrder: the flat plan encoding is a pure byte layout
            "java.nio.charset");    // StandardCharsets for that encoding

    /**
     * {@code java.net.URI} is the one {@code java.net} type allowed: it is a pure RFC 3986 parser
     * with no resolution and no I/O. {@code URI.toURL()} leads to {@code java.net.URL}, which
     * is not allowed, so the way to the network stays shut. {@code InetAddress} is not allowed
     * ({@code getByName} may query DNS): the domain parses addresses itself.
     */
    static final List<String> SINGLE_CLASSES = List.of("java.net.URI");

    /**
     * Types inside the allowed packages that act on the process, its threads, its class path,
     * or read the wall clock or the host's time zone on construction.
     */
    static final List<String> AMBIENT_AUTHORITY_TYPES = List.of(
            "java.lang.Runtime",
            "java.lang.Process",
            "java.lang.ProcessBuilder",
            "java.lang.ProcessHandle",
            "java.lang.Thread",
            "java.lang.ThreadGroup",
            "java.lang.ThreadLocal",
            "java.lang.InheritableThreadLocal",
            "java.lang.ScopedValue",
            "java.lang.ClassLoader",
            "java.lang.Module",
            "java.lang.ModuleLayer",
            "java.lang.StackWalker",
            "java.lang.SecurityManager",
            "java.util.ServiceLoader",
            "java.util.Timer",
            "java.util.TimerTask",
            "java.util.Date",
            "java.util.Calendar",
            "java.util.GregorianCalendar",
            "java.util.TimeZone",
            "java.util.SimpleTimeZone",
            "java.nio.MappedByteBuffer");

    /** Classes of the allowed subset, including primitives and arrays of allowed types. */
    static DescribedPredicate<JavaClass> allowed() {
        return DescribedPredicate.describe("belong to the pure JDK subset " + PACKAGES + " + " + SINGLE_CLASSES,
                PureJdk::isAllowed);
    }

    /** Classes named in {@link #AMBIENT_AUTHORITY_TYPES}, or nested in one of them. */
    static DescribedPredicate<JavaClass> ambientAuthorityTypes() {
        return DescribedPredicate.describe("are ambient-authority JDK types " + AMBIENT_AUTHORITY_TYPES,
                PureJdk::isAmbientAuthorityType);
    }

    /**
     * Accesses (calls, method references, field reads) whose result type fails {@code allowed}.
     * ArchUnit records a call as a dependency on the called type only, so without this
     * {@code getClass().getDeclaredMethods()} would hand out {@code java.lang.reflect.Method}
     * and {@code System.out} a {@code java.io.PrintStream} unnoticed.
     */
    static DescribedPredicate<JavaAccess<?>> resultTypeOutside(DescribedPredicate<JavaClass> allowed) {
        return DescribedPredicate.describe("returns a type that does not " + allowed.getDescription(),
                access -> resultType(access.getTarget()).map(type -> !allowed.test(type)).orElse(false));
    }

    private static Optional<JavaClass> resultType(AccessTarget target) {
        if (target instanceof FieldAccessTarget field) {
            return Optional.of(field.getRawType());
        }
        if (target instanceof CodeUnitAccessTarget codeUnit) {
            return Optional.of(codeUnit.getRawReturnType());
        }
        return Optional.empty();
    }

    private static boolean isAllowed(JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        if (base.isPrimitive()) {
            return true;
        }
        return SINGLE_CLASSES.contains(base.getName())
                || resideInAnyPackage(PACKAGES.toArray(String[]::new)).test(base);
    }

    private static boolean isAmbientAuthorityType(JavaClass type) {
        String name = type.getBaseComponentType().getName();
        return AMBIENT_AUTHORITY_TYPES.stream()
                .anyMatch(forbidden -> name.equals(forbidden) || name.startsWith(forbidden + "$"));
    }
}
