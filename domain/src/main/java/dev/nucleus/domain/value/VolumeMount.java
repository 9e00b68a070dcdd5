package dev.nucleus.domain.value;

/** A bind volume {@code SRC:DEST[:ro|rw]}; read-write unless {@code :ro} is given. */
public record VolumeMount(HostPath source, ContainerPath destination, boolean readOnly) {
    public static VolumeMount parse(String text) throws InvalidValueException {
        String[] p = text.split(":", -1);
        if (p.length < 2 || p.length > 3) {
            throw new InvalidValueException("expected SOURCE:DEST[:ro|rw], such as /srv/data:/data:ro");
        }
        boolean ro = false;
        if (p.length == 3) {
            ro = switch (p[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw new InvalidValueException("the access suffix must be ro or rw");
            };
        }
        return new VolumeMount(HostPath.parse(p[0]), ContainerPath.parse(p[1]), ro);
    }

    @Override
    public String toString() {
        return source + ":" + destination + (readOnly ? ":ro" : ":rw");
    }
}
