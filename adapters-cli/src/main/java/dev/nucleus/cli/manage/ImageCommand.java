package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.run.CallerIdentity;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.cgroup.LinuxContainerCgroup;
import dev.nucleus.linux.image.ImageCommit;
import dev.nucleus.linux.image.ImageKey;
import dev.nucleus.linux.image.ImageManifest;
import dev.nucleus.linux.image.ImageRefusedException;
import dev.nucleus.linux.image.LayerCache;
import dev.nucleus.linux.image.VerifiedImage;
import dev.nucleus.ports.CgroupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code nucleus image}: thin signed images of overlay containers. {@code commit} writes one,
 * {@code inspect} and {@code load} verify one; {@code run} is routed to {@link ImageRun} before
 * picocli, as it takes every {@code run} option (its class here carries its help); {@code prune}
 * empties the cache of verified layers that runs share ({@link LayerCache}).
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Thin signed images: an overlay container's layer over its attested rootfs.",
        subcommands = {ImageCommand.Commit.class, ImageRun.Help.class, ImageCommand.Inspect.class,
                ImageCommand.Load.class, ImageCommand.Prune.class})
public final class ImageCommand extends ToolGroup {
    static final String KEY_HELP = "HMAC key file (default $" + ImageKey.ENVIRONMENT + ", else "
            + "/var/lib/nucleus/image-hmac.key): 32 bytes or more, 0600, yours or root's.";

    /** The caller's uid, which must be root's: an image's layer keeps its files' owners, whiteouts and xattrs. */
    static long rootCaller() throws ImageRefusedException {
        long uid = CallerIdentity.current().uid();
        if (uid != 0) {
            throw new ImageRefusedException("image commands need root: an image's layer keeps its files' owners,"
                    + " whiteouts and extended attributes");
        }
        return uid;
    }

    /** The base of the image subcommands: root only, and one way to report. */
    abstract static class RootOnly extends ManagementCommand {
        @Override
        String pendingBackend() {
            return "";
        }

        interface Body {
            Integer run(PrintWriter out, long uid) throws ImageRefusedException, IOException;
        }

        /** Runs {@code body} for root: a refusal is exit 2, an I/O failure 125, each said on stderr. */
        Integer asRoot(Body body) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                return body.run(out, rootCaller());
            } catch (ImageRefusedException e) {
                err.println("nucleus image " + spec.name() + ": " + e.getMessage());
                return ExitCodes.INVALID;
            } catch (IOException e) {
                err.println("nucleus image " + spec.name() + ": " + e.getMessage());
                return ExitCodes.RUNTIME_FAILURE;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** The image subcommands that need the key. */
    abstract static class ImageSubcommand extends RootOnly {
        @Option(names = "--image-key-file", paramLabel = "FILE", description = KEY_HELP)
        Path keyFile;

        /** The image at {@code dir}, its layer included, verified under {@code key}. */
        static VerifiedImage verifiedWhole(Path dir, VerifiedImage.KeySource keys)
                throws ImageRefusedException, IOException {
            VerifiedImage v = VerifiedImage.open(dir, keys);
            v.verifyLayer(dir.resolve(VerifiedImage.DIFF));
            return v;
        }

        interface KeyedBody {
            Integer run(PrintWriter out, VerifiedImage.KeySource keys) throws ImageRefusedException, IOException;
        }

        Integer imageCommand(KeyedBody body) {
            return asRoot((out, uid) -> body.run(out,
                    () -> ImageKey.load(Optional.ofNullable(keyFile), System.getenv(), uid)));
        }
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = {"Write the layer of a --rootfs-mode overlay container, with what it runs, as a signed"
                    + " image in the new directory DIR; print the image id.",
                    "The image runs on the container's rootfs, which must be attested (.nucleus-rootfs-sha256)."})
    public static final class Commit extends ImageSubcommand {
        @Parameters(index = "0", paramLabel = "CONTAINER", description = SpecBuilder.CONTAINER_HELP)
        String container;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write.")
        Path output;

        @Option(names = "--freeze", description = "Freeze the container's processes while its layer is copied.")
        boolean freeze;

        @Override
        void validate() {
            ContainerNames.check(this, container);
        }

        @Override
        Integer execute() {
            return imageCommand((out, keys) -> {
                ContainerState state;
                try {
                    state = containers(stateBase()).inspect(container);
                } catch (dev.nucleus.ports.ContainerCommandException e) {
                    throw new ImageRefusedException(e.getMessage());
                } catch (dev.nucleus.ports.StateStoreException e) {
                    throw new IOException(e.getMessage(), e);
                }
                var facts = state.facts();
                String upper = facts.annotations().get("dev.nucleus.rootfs-upperdir");
                if (!facts.runtime().equals("native") || upper == null) {
                    throw new ImageRefusedException("container " + facts.name() + " was not started with --rootfs-mode"
                            + " overlay on the native runtime: it has no layer to commit");
                }
                ImageManifest m = ImageCommit.commit(new ImageCommit.Source(facts.name(), Path.of(upper),
                                stateBase().resolve(facts.id())), output, keys.key(), freezer(state),
                        dev.nucleus.cli.common.Version.current(), System.currentTimeMillis() / 1000);
                out.println(m.imageId());
                return ExitCodes.OK;
            });
        }

        /** With --freeze and a live container, its cgroup's freezer. */
        private Optional<ImageCommit.Freezer> freezer(ContainerState state) throws IOException {
            if (!freeze || !(state instanceof ContainerState.Running running)) {
                return Optional.empty();
            }
            LinuxContainerCgroup cgroup;
            try {
                cgroup = new LinuxCgroupDriver().reopen(state.facts().id(), running.cgroup().directories());
            } catch (CgroupException e) {
                throw new IOException(e.getMessage(), e);
            }
            return Optional.of(new ImageCommit.Freezer() {
                @Override
                public void freeze() throws IOException {
                    set(true);
                }

                @Override
                public void thaw() throws IOException {
                    set(false);
                }

                private void set(boolean frozen) throws IOException {
                    try {
                        cgroup.setFrozen(frozen);
                    } catch (CgroupException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
            });
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Verify IMAGE (signature, id, base files and layer) and print its manifest.")
    public static final class Inspect extends ImageSubcommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image directory.")
        Path image;

        @Override
        Integer execute() {
            return imageCommand((out, keys) -> {
                out.println(verifiedWhole(image, keys).manifest().canonicalJson());
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Verify IMAGE (signature, id, base files and layer) and its base rootfs (its attestation and"
                    + " closure are the image's, its files match its attestation); print \"verified\".")
    public static final class Load extends ImageSubcommand {
        @Parameters(index = "0", paramLabel = "IMAGE", description = "The image directory.")
        Path image;

        @Override
        Integer execute() {
            return imageCommand((out, keys) -> {
                VerifiedImage v = verifiedWhole(image, keys);
                Path base = Path.of(v.manifest().base().rootfsPath());
                v.checkBase(base);
                v.checkBaseFiles(base);
                out.println("verified");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Remove the verified layers image runs keep in the state directory's cache that no"
                    + " container uses any more (a kept container keeps its own); print each one's digest.",
                    "The next run of such an image copies and checks its layer again."})
    public static final class Prune extends RootOnly {
        @Override
        Integer execute() {
            return asRoot((out, uid) -> {
                new LayerCache(stateBase()).prune().forEach(out::println);
                return ExitCodes.OK;
            });
        }
    }
}
