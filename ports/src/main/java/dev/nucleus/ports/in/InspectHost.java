package dev.nucleus.ports.in;

/** Use case behind {@code nucleus doctor}: what can this host enforce, mode by mode? */
public interface InspectHost {
    HostReport inspect();
}
