package dev.nucleus.domain.value;

/** One user-namespace id range {@code CONTAINER:HOST:COUNT} (the Podman syntax). */
public record IdMapping(long containerId, long hostId, long count) {
    public static final long MAX_ID = 0xFFFF_FFFEL;
    public static final long MAX_COUNT = 65536;

    public IdMapping {
        if (containerId < 0 || hostId < 0 || count < 1 || count > MAX_COUNT
                || containerId + count - 1 > MAX_ID || hostId + count - 1 > MAX_ID) {
            throw new IllegalArgumentException("id mapping out of range");
        }
    }

    public static IdMapping parse(String text) throws InvalidValueException {
        String[] p = text.strip().split(":", -1);
        if (p.length != 3) {
            throw new InvalidValueException("expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536");
        }
        long c = Numbers.parseLong(p[0], 0, MAX_ID);
        long h = Numbers.parseLong(p[1], 0, MAX_ID);
        long n;
        try {
            n = Numbers.parseLong(p[2], 1, MAX_COUNT);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("COUNT must be from 1 to " + MAX_COUNT);
        }
        if (c + n - 1 > MAX_ID || h + n - 1 > MAX_ID) {
            throw new InvalidValueException("the range overflows the 32-bit id space");
        }
        return new IdMapping(c, h, n);
    }

    public boolean coversContainerId(long id) {
        return id >= containerId && id < containerId + count;
    }

    @Override
    public String toString() {
        return containerId + ":" + hostId + ":" + count;
    }
}
