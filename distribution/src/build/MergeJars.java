import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Merges the boot class path's jars into one, in class path order (assemble.sh, at build time):
 * the JVM opens every jar of {@code -Xbootclasspath/a} before {@code main}, resolving each
 * directory of its path on the way, and one jar costs a start some milliseconds less than
 * twenty-six (README, "The launcher and the AOT cache").
 *
 * <p>What a class path of separate jars would give is kept: an entry the first jar has wins, as
 * the first jar on a class path wins a lookup; the same bytes twice are one entry. Service files
 * ({@code META-INF/services}) are joined, in order, so every provider stays found. A second
 * license or notice text of the same name is kept beside the first, named after its jar. Dropped:
 * the jars' manifests (one is written, listing the jars merged, and {@code Multi-Release} when one
 * of them was), {@code module-info.class} (meaningless on a class path) and JAR indexes (they name
 * the separate jars). Refused: a signed jar (its signature cannot survive a merge) and a class that
 * two jars define differently (a split package no class path order should settle silently).
 *
 * <p>Usage: {@code java MergeJars.java OUT.jar IN.jar...}
 */
public final class MergeJars {
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    private static final Pattern MODULE_INFO = Pattern.compile("(META-INF/versions/\\d+/)?module-info\\.class");
    private static final String SERVICES = "META-INF/services/";
    /** The time of the entries written here (manifest, service files): the same jar for the same inputs. */
    private static final long WRITTEN_AT = 315_532_800_000L; // 1980-01-01, the zip format's first day

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Set<String>> services = new LinkedHashMap<>();
    private final List<String> merged = new ArrayList<>();
    private boolean multiRelease;

    private record Entry(byte[] bytes, long time, String from) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: java MergeJars.java OUT.jar IN.jar...");
        }
        MergeJars merge = new MergeJars();
        for (String in : Arrays.copyOfRange(args, 1, args.length)) {
            merge.add(Path.of(in));
        }
        merge.write(Path.of(args[0]));
    }

    private void add(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        merged.add(name);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                String path = e.getName();
                if (e.isDirectory()) {
                    entries.putIfAbsent(path, new Entry(new byte[0], e.getTime(), name));
                    continue;
                }
                if (SIGNATURE.matcher(path).matches()) {
                    throw new IOException(name + " is signed (" + path + "): a merged jar cannot keep its signature");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                if (path.equals(JarFile.MANIFEST_NAME)) {
                    Manifest m = new Manifest(new java.io.ByteArrayInputStream(bytes));
                    multiRelease |= "true".equalsIgnoreCase(m.getMainAttributes().getValue("Multi-Release"));
                } else if (path.equals("META-INF/INDEX.LIST") || MODULE_INFO.matcher(path).matches()) {
                    // names the separate jars / only a module path reads it
                } else if (path.startsWith(SERVICES) && path.length() > SERVICES.length()) {
                    services.computeIfAbsent(path, p -> new LinkedHashSet<>()).addAll(providers(bytes));
                } else {
                    put(path, new Entry(bytes, e.getTime(), name));
                }
            }
        }
    }

    private void put(String path, Entry entry) throws IOException {
        Entry first = entries.get(path);
        if (first == null) {
            entries.put(path, entry);
        } else if (!Arrays.equals(first.bytes(), entry.bytes())) {
            if (path.endsWith(".class")) {
                throw new IOException(path + " differs between " + first.from() + " and " + entry.from()
                        + ": a class two jars define differently");
            }
            if (!path.startsWith("META-INF/")) {
                // the resource the first jar on the class path would give: it still does
                System.err.println("[nucleus-dist] " + path + ": " + first.from() + "'s, not " + entry.from() + "'s");
                return;
            }
            // a second LICENSE or NOTICE: kept, named after its jar
            entries.putIfAbsent(path + "." + entry.from().replaceFirst("\\.jar$", ""), entry);
        }
    }

    /** A service file's provider names, comments and blank lines left out. */
    private static List<String> providers(byte[] bytes) {
        List<String> names = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private void write(Path out) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "Nucleus distribution/src/build/MergeJars.java");
        main.putValue("Nucleus-Merged-From", String.join(" ", merged));
        if (multiRelease) {
            main.put(Attributes.Name.MULTI_RELEASE, "true");
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            manifest.write(m);
            write(zip, "META-INF/", new byte[0], WRITTEN_AT);
            write(zip, JarFile.MANIFEST_NAME, m.toByteArray(), WRITTEN_AT);
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (!e.getKey().equals("META-INF/")) {
                    write(zip, e.getKey(), e.getValue().bytes(), e.getValue().time());
                }
            }
            for (Map.Entry<String, Set<String>> s : services.entrySet()) {
                write(zip, s.getKey(), (String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8), WRITTEN_AT);
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void write(ZipOutputStream zip, String path, byte[] bytes, long time) throws IOException {
        ZipEntry e = new ZipEntry(path);
        e.setTime(time);
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }
}
