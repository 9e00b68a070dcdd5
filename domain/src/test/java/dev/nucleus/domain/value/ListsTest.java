package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The loops answer what the stream pipelines they stand in for answer, for any list. */
class ListsTest {

    @Property
    void answersAsStreamsDo(@ForAll List<Integer> items, @ForAll @IntRange(min = 1, max = 7) int divisor) {
        Predicate<Integer> test = i -> i != null && i % divisor == 0;
        assertEquals(items.stream().anyMatch(test), Lists.anyMatch(items, test));
        assertEquals(items.stream().filter(test).findFirst(), Lists.first(items, test));
        assertEquals(items.stream().filter(test).toList(), Lists.filter(items, test));
        assertEquals(items.stream().map(i -> "#" + i).toList(), Lists.map(items, i -> "#" + i));
    }

    @Test
    void theListsItMakesCannotBeChanged() {
        List<String> kept = Lists.filter(List.of("a", "b"), s -> true);
        assertThrows(UnsupportedOperationException.class, () -> kept.add("c"));
        List<Integer> mapped = Lists.map(List.of("a"), String::length);
        assertThrows(UnsupportedOperationException.class, () -> mapped.set(0, 2));
    }
}
