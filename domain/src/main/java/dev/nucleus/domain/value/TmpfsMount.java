package dev.nucleus.domain.value;

/** An ephemeral tmpfs volume {@code DEST[:SIZE][:ro|rw]}; 64M and read-write by default. */
public record TmpfsMount(ContainerPath destination, ByteSize size, boolean readOnly) {
    public static final ByteSize DEFAULT_SIZE = new ByteSize(64L << 20);

    public static TmpfsMount parse(String text) throws InvalidValueException {
        String[] p = text.split(":", -1);
        if (p.length > 3) {
            throw new InvalidValueException("expected DEST[:SIZE][:ro|rw], such as /scratch:256M");
        }
        ContainerPath dest = ContainerPath.parse(p[0]);
        ByteSize size = DEFAULT_SIZE;
        boolean ro = false;
        for (int i = 1; i < p.length; i++) {
            boolean last = i == p.length - 1;
            if (last && (p[i].equals("ro") || p[i].equals("rw"))) {
                ro = p[i].equals("ro");
            } else if (i == 2) {
                throw new InvalidValueException("the access suffix must be ro or rw");
            } else {
                size = ByteSize.parse(p[i]);
                if (size.bytes() == 0) {
                    throw new InvalidValueException("a tmpfs size must be more than 0");
                }
            }
        }
        return new TmpfsMount(dest, size, ro);
    }

    @Override
    public String toString() {
        return destination + ":" + size + (readOnly ? ":ro" : ":rw");
    }
}
