package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a request's mounts clash with the layout and with each other. */
class MountTargetsTest {
    private static ContainerSpec spec(Map<LaunchOption, List<String>> options) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    private static List<String> volumes(List<String> volumes, List<Boolean> directories) throws Exception {
        return MountTargets.clashes(spec(Map.of(LaunchOption.VOLUME, volumes)), directories, List.of());
    }

    @Test
    void mountsThatFitHaveNoClash() throws Exception {
        assertEquals(List.of(), volumes(List.of("/srv/a:/data", "/srv/f:/data-file", "/srv/b:/data/sub"),
                List.of(true, false, true)));
        // A directory over the layout's own /tmp or home replaces it.
        assertEquals(List.of(), volumes(List.of("/srv/a:/tmp", "/srv/b:/home/agent"), List.of(true, true)));
        assertEquals(List.of(), volumes(List.of("/srv/f:/tmp/f", "/srv/g:/home/agent/.netrc"), List.of(false, false)));
    }

    @Test
    void aFileWhereTheLayoutMakesADirectoryIsAClash() throws Exception {
        assertEquals(List.of("--volume /srv/f:/tmp: a file cannot be mounted at /tmp, where the container's /tmp is a "
                + "directory"), volumes(List.of("/srv/f:/tmp"), List.of(false)));
        assertEquals(List.of("--volume /srv/f:/home/agent: a file cannot be mounted at /home/agent, where the home is a "
                + "directory"), volumes(List.of("/srv/f:/home/agent"), List.of(false)));
    }

    @Test
    void twoOfTheRequestsMountsAtOneDestinationClashWhateverTheirKinds() throws Exception {
        assertEquals(List.of("--volume /srv/b:/data: /data is already the destination of --volume /srv/a:/data, which "
                + "it would hide"), volumes(List.of("/srv/a:/data", "/srv/b:/data"), List.of(true, true)));
        assertEquals(List.of("--volume /srv/g:/data: /data is already the destination of --volume /srv/f:/data, which "
                + "it would hide"), volumes(List.of("/srv/f:/data", "/srv/g:/data"), List.of(false, false)));
        assertEquals(List.of("--tmpfs /data: /data is already the destination of --volume /srv/a:/data, which it "
                + "would hide"), MountTargets.clashes(spec(Map.of(LaunchOption.VOLUME, List.of("/srv/a:/data"),
                LaunchOption.TMPFS, List.of("/data"))), List.of(true), List.of()));
        assertEquals(List.of("--volume /srv/f:/workspace: /workspace is already the destination of --workspace, which "
                + "it would hide"), MountTargets.clashes(spec(Map.of(LaunchOption.WORKSPACE, List.of("/srv/ws"),
                LaunchOption.VOLUME, List.of("/srv/f:/workspace"))), List.of(false), List.of()));
    }

    @Test
    void nothingMountsBeneathAFileInEitherOrder() throws Exception {
        assertEquals(List.of("--volume /srv/a:/data/x: nothing can be mounted beneath /data, a file that --volume "
                + "/srv/f:/data mounts"), volumes(List.of("/srv/f:/data", "/srv/a:/data/x"), List.of(false, true)));
        assertEquals(List.of("--volume /srv/a:/data/x: nothing can be mounted beneath /data, a file that --volume "
                + "/srv/f:/data mounts"), volumes(List.of("/srv/a:/data/x", "/srv/f:/data"), List.of(true, false)));
        assertEquals(List.of("--provider-config-ro /srv/aws: nothing can be mounted beneath /home/agent/.cfg, a file "
                + "that --volume /srv/f:/home/agent/.cfg mounts"), MountTargets.clashes(spec(Map.of(
                LaunchOption.VOLUME, List.of("/srv/f:/home/agent/.cfg"),
                LaunchOption.PROVIDER_CONFIG_RO, List.of("/srv/aws:.cfg/aws"))), List.of(false), List.of(true)));
    }

    /** Mounted in order, a directory over an earlier mount's parent hides it: the workload would run without it. */
    @Test
    void aMountBeneathADirectoryMountedAfterItIsAClash() throws Exception {
        assertEquals(List.of("--volume /srv/b:/data/sub: /data/sub would be hidden by --volume /srv/a:/data, mounted "
                + "over /data after it; give it after --volume /srv/a:/data"),
                volumes(List.of("/srv/b:/data/sub", "/srv/a:/data"), List.of(true, true)));
        assertEquals(List.of("--secret /data/x: /data/x would be hidden by --volume /srv/a:/data, mounted over /data "
                + "after it"), MountTargets.clashes(spec(Map.of(LaunchOption.VOLUME, List.of("/srv/a:/data"),
                LaunchOption.SECRET, List.of("/srv/t:/data/x"))), List.of(true), List.of()));
        assertEquals(List.of("--secret /workspace/t: /workspace/t would be hidden by --workspace, mounted over "
                + "/workspace after it"), MountTargets.clashes(spec(Map.of(LaunchOption.WORKSPACE, List.of("/srv/w"),
                LaunchOption.SECRET, List.of("/srv/t:/workspace/t"))), List.of(), List.of()));
        assertEquals(List.of("--volume /srv/a:/scratch/in: /scratch/in would be hidden by --tmpfs /scratch, mounted "
                + "over /scratch after it"), MountTargets.clashes(spec(Map.of(LaunchOption.VOLUME,
                List.of("/srv/a:/scratch/in"), LaunchOption.TMPFS, List.of("/scratch"))), List.of(true), List.of()));
        assertEquals(List.of("the home: /home/agent would be hidden by --volume /srv/h:/home, mounted over /home "
                + "after it"), volumes(List.of("/srv/h:/home"), List.of(true)));
        // the other way round, each mounted over its parent, is how nested mounts are meant
        assertEquals(List.of(), MountTargets.clashes(spec(Map.of(LaunchOption.VOLUME, List.of("/srv/a:/data"),
                LaunchOption.TMPFS, List.of("/data/scratch"), LaunchOption.SECRET, List.of("/srv/t:/run/secrets/t"))),
                List.of(true), List.of()));
    }
}
