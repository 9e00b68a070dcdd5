package dev.nucleus.cli.manage;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.function.Consumer;

/**
 * The picocli spec of a container-management command, built with picocli's programmatic API over
 * the command object, with the standard help options and the global options (as
 * {@link GlobalMixin} declares them). Reading picocli's annotations instead makes the JDK spin a
 * proxy class for each annotation type and picocli walk the class by reflection: about 30 ms of
 * every cold {@code ps}, {@code stop} or {@code rm}, more than the command's own work.
 */
final class SpecBuilder {
    static final String CONTAINER_HELP = "Id, unique id prefix, or name.";

    private final CommandSpec spec;

    private SpecBuilder(ManagementCommand command, String name, String... description) {
        spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        // picocli's mixinStandardHelpOptions reads them from an annotated class: the same two, built.
        option(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        option(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.")
                .build());
        GlobalMixin g = command.globals;
        option(value(g::root, "DIR", GlobalMixin.ROOT_HELP, "--root"));
        option(value(g::log, "FILE", GlobalMixin.LOG_HELP, "--log"));
        option(value(g::logFormat, "FORMAT", GlobalMixin.LOG_FORMAT_HELP, "--log-format"));
        option(value(g::logLevel, "LEVEL", GlobalMixin.LOG_LEVEL_HELP, "--log-level"));
        command.spec = spec;
    }

    /** A spec for {@code command}, called {@code name}, with the standard and global options. */
    static SpecBuilder of(ManagementCommand command, String name, String... description) {
        return new SpecBuilder(command, name, description);
    }

    SpecBuilder aliases(String... aliases) {
        spec.aliases(aliases);
        return this;
    }

    /** An option without a value. */
    SpecBuilder flag(Consumer<Boolean> set, String description, String... names) {
        return option(OptionSpec.builder(names).arity("0").type(boolean.class).initialValue(false)
                .description(description).setter(setter(v -> set.accept(Boolean.TRUE.equals(v)))).build());
    }

    /** An option with a text value. */
    SpecBuilder text(Consumer<String> set, String label, String description, String... names) {
        return option(value(set, label, description, names));
    }

    /** An option with a whole-number value; {@code defaultValue} when not given (null: none). */
    SpecBuilder number(Consumer<Long> set, String label, String defaultValue, String description, String... names) {
        return option(OptionSpec.builder(names).arity("1").type(long.class).paramLabel(label).defaultValue(defaultValue)
                .initialValue(0L).description(description).setter(setter(v -> set.accept(v == null ? 0L : (Long) v)))
                .build());
    }

    /** An option with a whole-number value, null when not given. */
    SpecBuilder count(Consumer<Integer> set, String label, String description, String... names) {
        return option(OptionSpec.builder(names).arity("1").type(Integer.class).paramLabel(label)
                .description(description).setter(setter(v -> set.accept((Integer) v))).build());
    }

    /** The container a command acts on: the first parameter ({@code arity} "1" or "0..1"). */
    SpecBuilder container(Consumer<String> set, String arity) {
        return parameter(set, "0", arity, "CONTAINER", CONTAINER_HELP);
    }

    /** A positional parameter holding one word ({@code arity} "1" or "0..1"). */
    SpecBuilder parameter(Consumer<String> set, String index, String arity, String label, String description) {
        spec.addPositional(PositionalParamSpec.builder().index(index).arity(arity).required(required(arity))
                .paramLabel(label).type(String.class).description(description)
                .setter(setter(v -> set.accept((String) v))).build());
        return this;
    }

    /** Positional parameters holding several words. */
    SpecBuilder parameters(Consumer<List<String>> set, String index, String arity, String label, String description) {
        spec.addPositional(PositionalParamSpec.builder().index(index).arity(arity).required(required(arity))
                .paramLabel(label).type(List.class)
                .auxiliaryTypes(String.class).description(description).setter(setter(v -> {
                    @SuppressWarnings("unchecked")
                    List<String> words = (List<String>) v;
                    set.accept(words);
                })).build());
        return this;
    }

    CommandSpec build() {
        return spec;
    }

    private SpecBuilder option(OptionSpec option) {
        spec.addOption(option);
        return this;
    }

    private static OptionSpec value(Consumer<String> set, String label, String description, String... names) {
        return OptionSpec.builder(names).arity("1").type(String.class).paramLabel(label).description(description)
                .setter(setter(v -> set.accept((String) v))).build();
    }

    /** As picocli's annotations decide it: a parameter that must take at least one word is required. */
    private static boolean required(String arity) {
        return !arity.startsWith("0");
    }

    /** picocli's setter is generic (no lambda can implement it): one adapter for all. */
    private static ISetter setter(Consumer<Object> set) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                set.accept(value);
                return null;
            }
        };
    }
}
