package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.cli.run.RunCommand;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.image.ImageKey;
import dev.nucleus.linux.image.ImageManifest;
import dev.nucleus.linux.image.ImageRefusedException;
import dev.nucleus.linux.image.VerifiedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nucleus image run IMAGE [--image-key-file FILE] [RUN OPTIONS] [-- ARGS]}: verifies the
 * image and its base rootfs, then launches it through {@code run} as an agent-mode overlay
 * container: its layer between the attested rootfs (verified again by the launch) and a fresh
 * writable layer, with the image's command (or ARGS), -e environment, working directory and ids.
 * The launch mounts the state directory's verified copy of the layer ({@code LayerCache}), made
 * at the image's first run only when its digest is the signed one.
 */
public final class ImageRun {
    private static final String KEY = "--image-key-file";
    /** Run options the image sets itself: giving them would run something other than the image. */
    private static final List<String> IMAGE_OWNED = List.of("--rootfs", "--rootfs-mode", "--rootfs-layer",
            "--agent-toolchain-rootfs", "--runtime");

    private ImageRun() {
    }

    /** The arguments after {@code image run}. */
    public static int execute(List<String> args, GlobalSettings globals, PrintWriter out, PrintWriter err) {
        int end = args.indexOf("--") < 0 ? args.size() : args.indexOf("--");
        List<String> options = new ArrayList<>(args.subList(0, end));
        Optional<List<String>> command = end < args.size()
                ? Optional.of(List.copyOf(args.subList(end + 1, args.size()))) : Optional.empty();
        if (options.contains("--help") || options.contains("-h")) {
            out.print(new picocli.CommandLine(new Help()).setCommandName("nucleus image run").getUsageMessage());
            return ExitCodes.OK;
        }
        Optional<Path> keyFile;
        try {
            keyFile = takeKeyFile(options);
        } catch (IllegalArgumentException e) {
            return ProblemReport.usage(err, "image run", e.getMessage());
        }
        if (options.isEmpty() || options.getFirst().startsWith("-")) {
            return ProblemReport.usage(err, "image run", "expected IMAGE, the image directory, before run options");
        }
        Path image = Path.of(options.removeFirst()).toAbsolutePath().normalize();
        for (String owned : IMAGE_OWNED) {
            if (given(options, owned)) {
                return ProblemReport.usage(err, "image run", owned + " is the image's own; an image runs on the"
                        + " rootfs it was made on, as an overlay on the native runtime");
            }
        }
        if (production(options)) {
            return ProblemReport.usage(err, "image run", "production mode keeps its rootfs immutable, and an image"
                    + " runs as an overlay on it; run production from an attested rootfs (nucleus run --rootfs DIR"
                    + " --verify-rootfs-attestation)");
        }
        try {
            long uid = ImageCommand.rootCaller();
            VerifiedImage verified = VerifiedImage.open(image, () -> ImageKey.load(keyFile, System.getenv(), uid));
            ImageManifest m = verified.manifest();
            verified.checkBase(Path.of(m.base().rootfsPath()));
            List<String> argv = launchOptions(m, image, options);
            argv.add("--");
            argv.addAll(command.orElse(m.config().command()));
            return new RunCommand("run", out, err).execute(argv, globals);
        } catch (ImageRefusedException e) {
            err.println("nucleus image run: " + e.getMessage());
            return ExitCodes.INVALID;
        }
    }

    /** The run options of the image, then the caller's (which may set user, working directory, trust). */
    static List<String> launchOptions(ImageManifest m, Path image, List<String> callers) {
        List<String> argv = new ArrayList<>(List.of("--rootfs", m.base().rootfsPath(), "--rootfs-mode", "overlay"));
        m.diff().ifPresent(d -> argv.addAll(List.of("--rootfs-layer", d.digest() + ":" + image.resolve(VerifiedImage.DIFF))));
        if (!given(callers, "--verify-rootfs-attestation")) {
            argv.add("--verify-rootfs-attestation");
        }
        if (!given(callers, "--trust-level")) {
            argv.addAll(List.of("--trust-level", "trusted"));
        }
        if (!given(callers, "--workdir")) {
            argv.addAll(List.of("--workdir", m.config().workdir()));
        }
        if (!given(callers, "--user") && !given(callers, "-u")) {
            argv.addAll(List.of("--user", Long.toString(m.config().uid()), "--group", Long.toString(m.config().gid())));
            m.config().additionalGids().forEach(g -> argv.addAll(List.of("--additional-group", Long.toString(g))));
        }
        m.config().env().forEach(e -> argv.addAll(List.of("--env", e)));
        argv.addAll(callers);
        return argv;
    }

    /** {@code --service-mode production} (or {@code =production}) among the options. */
    private static boolean production(List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o.equals("--service-mode=production")
                    || o.equals("--service-mode") && i + 1 < options.size() && options.get(i + 1).equals("production")) {
                return true;
            }
        }
        return false;
    }

    private static boolean given(List<String> options, String flag) {
        return Lists.anyMatch(options, o -> o.equals(flag) || o.startsWith(flag + "="));
    }

    /** Removes {@code --image-key-file FILE} (or {@code =FILE}) from the options and returns FILE. */
    private static Optional<Path> takeKeyFile(List<String> options) {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o.equals(KEY)) {
                if (i + 1 >= options.size()) {
                    throw new IllegalArgumentException(KEY + " needs a value");
                }
                file = Optional.of(Path.of(options.get(i + 1)));
                options.subList(i, i + 2).clear();
                i--;
            } else if (o.startsWith(KEY + "=")) {
                file = Optional.of(Path.of(o.substring(KEY.length() + 1)));
                options.remove(i);
                i--;
            }
        }
        return file;
    }

    /** The help of {@code image run} (picocli lists it under {@code image}; the dispatcher runs it). */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Verify IMAGE and its base rootfs, then run it: an agent-mode --rootfs-mode overlay"
                    + " container (trust level trusted) of the image's layer over its attested rootfs, with the"
                    + " image's command (or ARGS), environment, working directory and ids.",
                    "Any run option may follow IMAGE, except those that choose the rootfs or runtime."})
    public static final class Help implements Runnable {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image directory.")
        Path image;

        @Option(names = KEY, paramLabel = "FILE", description = ImageCommand.KEY_HELP)
        Path keyFile;

        @Parameters(index = "1..*", paramLabel = "[RUN OPTIONS] [-- ARGS]", description = "As for nucleus run.")
        List<String> rest;

        @Override
        public void run() {
            throw new IllegalStateException("image run is dispatched by ImageRun.execute");
        }
    }
}
