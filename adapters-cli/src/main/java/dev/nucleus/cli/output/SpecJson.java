package dev.nucleus.cli.output;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.CliChoice;
import dev.nucleus.domain.value.ContainerPath;
import dev.nucleus.domain.value.CpuQuota;
import dev.nucleus.domain.value.Endpoint;
import dev.nucleus.domain.value.EnvVar;
import dev.nucleus.domain.value.HostEntry;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.domain.value.TmpfsMount;
import dev.nucleus.domain.value.VolumeMount;
import dev.nucleus.linux.json.JsonText;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Renders a resolved {@link ContainerSpec} as JSON for {@code run --dry-run}. Value types print in
 * the syntax a user writes them ({@code 1G}, {@code 10.0.0.0/8}, {@code bind-rw}); environment values
 * are redacted (by their own {@code toString}) because they may hold secrets.
 *
 * <p>The spec's records are walked here, in the layout Jackson's databind gives them (record
 * components in order, then bean getters such as {@code isEmpty}; indented by two, arrays on one
 * line): the same document, without loading databind's thousand classes into every dry run (it
 * made {@code --dry-run} some 250 ms slower than {@code run}). SpecJsonProperties holds the two
 * equal on random requests.
 */
public final class SpecJson {
    private static final Set<Class<?>> AS_TEXT = Set.of(ByteSize.class, CpuQuota.class, IpAddress.class, Cidr.class,
            ContainerPath.class, HostPath.class, PortMapping.class, IdMapping.class, IoLimit.class, EnvVar.class,
            VolumeMount.class, TmpfsMount.class, HostEntry.class, Endpoint.class);

    private final StringBuilder out = new StringBuilder();

    private SpecJson() {
    }

    public static String render(ContainerSpec spec) {
        SpecJson json = new SpecJson();
        json.value(spec, 0);
        return json.out.toString();
    }

    // instanceof, not a pattern switch: --dry-run is a cold start, and a switch site is a class
    // spun at run time (SwitchBootstraps), which the AOT cache does not hold (with its method handles,
    // some milliseconds).
    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof Double) {
            out.append(v);
        } else if (v instanceof Optional<?> o) {
            value(o.orElse(null), depth);
        } else if (v instanceof OptionalInt o) {
            out.append(o.isPresent() ? Integer.toString(o.getAsInt()) : "null");
        } else if (v instanceof OptionalLong o) {
            out.append(o.isPresent() ? Long.toString(o.getAsLong()) : "null");
        } else if (v instanceof OptionalDouble o) {
            out.append(o.isPresent() ? Double.toString(o.getAsDouble()) : "null");
        } else if (v instanceof CliChoice c) {
            string(c.cliName());
        } else if (v instanceof Enum<?> e) {
            string(e.toString()); // Jackson 3 writes enums by toString
        } else if (v instanceof Collection<?> c) {
            array(c, depth);
        } else if (v instanceof Map<?, ?> m) {
            object(m.entrySet().stream()
                    .map(e -> Map.entry(String.valueOf(e.getKey()), nullable(e.getValue()))).toList(), depth);
        } else if (AS_TEXT.contains(v.getClass())) {
            string(v.toString());
        } else if (v.getClass().isRecord()) {
            object(properties(v), depth);
        } else {
            throw new IllegalStateException("no JSON form for " + v.getClass().getName());
        }
    }

    /** A record's components in order, then its public bean getters ({@code getX}, {@code isX}). */
    private static List<Map.Entry<String, Object>> properties(Object record) {
        List<Map.Entry<String, Object>> props = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            names.add(c.getName());
            props.add(Map.entry(c.getName(), nullable(invoke(c.getAccessor(), record))));
        }
        for (Method m : record.getClass().getMethods()) {
            String name = getterProperty(m);
            if (name != null && names.add(name)) {
                props.add(Map.entry(name, nullable(invoke(m, record))));
            }
        }
        return props;
    }

    /** The property a public instance no-argument getter names, as Jackson's default naming says. */
    private static String getterProperty(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String n = m.getName();
        if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
            return decapitalize(n.substring(3));
        }
        if (n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
            return decapitalize(n.substring(2));
        }
        return null;
    }

    /** Leading capitals lowered, as Jackson's legacy naming: {@code URLPath} -> {@code urlpath}, {@code Empty} -> {@code empty}. */
    private static String decapitalize(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length() && Character.isUpperCase(b.charAt(i)); i++) {
            b.setCharAt(i, Character.toLowerCase(b.charAt(i)));
        }
        return b.toString();
    }

    private static Object invoke(Method m, Object target) {
        try {
            m.setAccessible(true); // records nested in package-private types
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading " + m + ": " + e, e);
        }
    }

    /** Map.entry refuses null values: a marker stands for them. */
    private static Object nullable(Object v) {
        return v == null ? NULL : v;
    }

    private static final Object NULL = new Object();

    private void object(List<? extends Map.Entry<String, ?>> props, int depth) {
        if (props.isEmpty()) {
            out.append("{ }");
            return;
        }
        out.append('{');
        for (int i = 0; i < props.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            indent(depth + 1);
            string(props.get(i).getKey());
            out.append(" : ");
            Object v = props.get(i).getValue();
            value(v == NULL ? null : v, depth + 1);
        }
        out.append('\n');
        indent(depth);
        out.append('}');
    }

    private void array(Collection<?> items, int depth) {
        if (items.isEmpty()) {
            out.append("[ ]");
            return;
        }
        out.append("[ ");
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            value(item, depth);
        }
        out.append(" ]");
    }

    private void indent(int depth) {
        out.append("  ".repeat(depth));
    }

    /** A JSON string as Jackson writes it: quotes, backslashes and control characters escaped. */
    private void string(String s) {
        JsonText.quote(out, s, JsonText.Escapes.JACKSON);
    }
}
