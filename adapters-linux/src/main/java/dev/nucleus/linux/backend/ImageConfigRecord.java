package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.ImageLayer;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.image.ContainerImageConfig;
import dev.nucleus.linux.image.ImageManifest;

import java.io.IOException;
import java.nio.file.Path;

/** Records what an overlay container runs, for {@code image commit} ({@link ContainerImageConfig}). */
final class ImageConfigRecord {
    private ImageConfigRecord() {
    }

    static void write(Path containerDirectory, ContainerSpec spec, Path rootfs, PlanInputs.Workload who)
            throws IOException {
        var workload = spec.request().workload();
        // -e alone: --env-fd's values and staged secrets never reach a file.
        ImageManifest.Config config = new ImageManifest.Config(workload.command(),
                Lists.map(workload.env(), e -> e.key() + "=" + e.value()), workload.workdir().path(),
                who.uid(), who.gid(), who.groups());
        ContainerImageConfig.write(containerDirectory, new ContainerImageConfig.Recorded(rootfs.toString(), config,
                spec.request().filesystem().rootfs().layer().map(ImageLayer::digest)));
    }
}
