package dev.nucleus.cli.common;

import dev.nucleus.gvisor.LentServices;
import dev.nucleus.linux.backend.OverlayView;

import java.io.IOException;
import java.nio.file.Path;

/** The gVisor backend's views of a --rootfs, lent from the native runtime's adapter: host overlays. */
public final class GvisorRootViews implements LentServices.RootViews {
    public static final GvisorRootViews HOST = new GvisorRootViews();

    private GvisorRootViews() {
    }

    @Override
    public void mount(Path rootfs, Path upper, Path work, Path view) throws IOException {
        OverlayView.mount(rootfs, upper, work, view);
    }

    @Override
    public void unmount(Path view) throws IOException {
        OverlayView.unmount(view);
    }
}
