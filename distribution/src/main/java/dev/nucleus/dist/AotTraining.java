package dev.nucleus.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * AOT-cache training driver, run only by the distribution build (never by {@code bin/nucleus}).
 *
 * <p>A JDK 25 one-step training ({@code -XX:AOTCacheOutput=}) records a single JVM run, but the hot
 * path is several commands ({@code --version}, {@code run --dry-run} with flags and with a config
 * file). This class runs each command of the training file in one JVM, through the CLI's own entry
 * point, with the launcher's JVM flags and classpath (this jar is the last classpath entry of the
 * distribution, so the training classpath equals the production one, pitfall P2).
 *
 * <p>A command that fails (non-zero status or exception) is reported and tolerated: the CLI is
 * still being written, and a partial hot path is still worth caching. Only the JVM failing to
 * write the cache fails the build (checked by {@code assemble.sh}).
 *
 * <p>Entry point, first match wins: {@code public static int Main.run(String[])} or
 * {@code Main.execute(String[])} (non-exiting; preferred), else the package-private
 * {@code Dispatcher.standard().dispatch(String[])}, else {@code Main.main} for the last command
 * only (it calls {@code System.exit}).
 */
public final class AotTraining {
    private static final String MAIN = "dev.nucleus.cli.Main";
    private static final String DISPATCHER = "dev.nucleus.cli.Dispatcher";

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AotTraining COMMANDS_FILE");
            System.exit(2);
        }
        List<String[]> commands = readCommands(Path.of(args[0]));
        PrintStream log = System.err;
        Entry entry = findEntry();
        log.println("aot-training: entry point " + entry.describe() + ", " + commands.size() + " command(s)");
        for (int i = 0; i < commands.size(); i++) {
            String[] cmd = commands.get(i);
            boolean last = i == commands.size() - 1;
            if (!entry.returns() && !last) {
                log.println("aot-training: skipped (no non-exiting entry point): nucleus " + String.join(" ", cmd));
                continue;
            }
            if (!entry.returns()) {
                log.println("aot-training: running through Main.main (exits): nucleus " + String.join(" ", cmd));
                entry.call(cmd);
                return;
            }
            runCaptured(entry, cmd, log);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void runCaptured(Entry entry, String[] cmd, PrintStream log) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String outcome;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            try {
                outcome = "exit " + entry.call(cmd);
            } catch (Throwable t) {
                Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null
                        ? ite.getCause() : t;
                outcome = "threw " + cause;
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        log.println("aot-training: [" + outcome + "] nucleus " + String.join(" ", cmd));
        if (!outcome.equals("exit 0")) {
            String text = err.toString(StandardCharsets.UTF_8).strip();
            text.lines().limit(5).forEach(l -> log.println("aot-training:     " + l));
        }
    }

    static List<String[]> readCommands(Path file) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            commands.add(t.split("\\s+"));
        }
        return commands;
    }

    private interface Entry {
        int call(String[] args) throws Exception;

        boolean returns();

        String describe();
    }

    private static Entry findEntry() throws ClassNotFoundException {
        Class<?> main = Class.forName(MAIN);
        for (String name : new String[] {"run", "execute"}) {
            try {
                Method m = main.getMethod(name, String[].class);
                if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == int.class) {
                    return new Entry() {
                        @Override
                        public int call(String[] a) throws Exception {
                            return (int) m.invoke(null, (Object) a);
                        }

                        @Override
                        public boolean returns() {
                            return true;
                        }

                        @Override
                        public String describe() {
                            return MAIN + "." + name + "(String[])";
                        }
                    };
                }
            } catch (NoSuchMethodException ignored) {
                // try the next candidate
            }
        }
        try {
            Class<?> d = Class.forName(DISPATCHER);
            Method standard = d.getDeclaredMethod("standard");
            Method dispatch = d.getDeclaredMethod("dispatch", String[].class);
            standard.setAccessible(true);
            dispatch.setAccessible(true);
            if (dispatch.getReturnType() == int.class) {
                return new Entry() {
                    @Override
                    public int call(String[] a) throws Exception {
                        return (int) dispatch.invoke(standard.invoke(null), (Object) a);
                    }

                    @Override
                    public boolean returns() {
                        return true;
                    }

                    @Override
                    public String describe() {
                        return DISPATCHER + ".standard().dispatch(String[])";
                    }
                };
            }
        } catch (ClassNotFoundException | NoSuchMethodException ignored) {
            // fall through to main
        }
        return new Entry() {
            @Override
            public int call(String[] a) throws Exception {
                Method m = main.getMethod("main", String[].class);
                m.invoke(null, (Object) a);
                return 0;
            }

            @Override
            public boolean returns() {
                return false;
            }

            @Override
            public String describe() {
                return MAIN + ".main(String[])";
            }
        };
    }
}
