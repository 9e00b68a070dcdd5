package dev.nucleus.domain.value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The few collection queries a launch asks, as plain loops. A launch runs cold, in the
 * interpreter, where each stream pipeline costs tens of microseconds to build even over an empty
 * list, and the first one initialises the stream framework (its flag tables, with an EnumMap whose
 * universe the JDK reads by reflection): code on the launch path uses these instead, so that a
 * launch builds none. Elsewhere, streams are fine.
 */
public final class Lists {
    private Lists() {
    }

    /** Whether any item passes {@code test} (as Stream.anyMatch). */
    public static <T> boolean anyMatch(Collection<? extends T> items, Predicate<? super T> test) {
        for (T item : items) {
            if (test.test(item)) {
                return true;
            }
        }
        return false;
    }

    /** The first item that passes {@code test} (as filter then findFirst: an item must not be null). */
    public static <T> Optional<T> first(Collection<? extends T> items, Predicate<? super T> test) {
        for (T item : items) {
            if (test.test(item)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /** The items that pass {@code keep}, in order, unmodifiable (as filter then toList). */
    public static <T> List<T> filter(Collection<? extends T> items, Predicate<? super T> keep) {
        List<T> kept = new ArrayList<>();
        for (T item : items) {
            if (keep.test(item)) {
                kept.add(item);
            }
        }
        return Collections.unmodifiableList(kept);
    }

    /** Each item mapped, in order, unmodifiable (as map then toList). */
    public static <T, R> List<R> map(Collection<? extends T> items, Function<? super T, ? extends R> f) {
        List<R> mapped = new ArrayList<>(items.size());
        for (T item : items) {
            mapped.add(f.apply(item));
        }
        return Collections.unmodifiableList(mapped);
    }
}
