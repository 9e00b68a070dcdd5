package dev.nucleus.cli.run;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.linux.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code --secrets-fd N}: a JSON array of {@code "SRC:DEST"} strings, the secrets a caller
 * (a compose tool) would otherwise list with {@code --secret} in argv. They join the request's
 * {@code --secret} list before it is validated, so each is checked as one (host path, destination,
 * the mode's rules), and a detached launch's supervisor, which cannot read the caller's fd, is
 * handed them as such.
 */
final class SecretsFdReader {
    private SecretsFdReader() {
    }

    /**
     * The request with the fd's secrets added to its {@code --secret} list and the fd itself gone.
     * A value that is not an fd number of 3 or more is left for the request's own validation to name.
     */
    static RawLaunchRequest expand(RawLaunchRequest request, CallerFds fds)
            throws UsageException, InvalidRequestException {
        List<String> value = request.get(LaunchOption.SECRETS_FD);
        if (value.size() != 1 || !AsciiText.digits(value.getFirst(), 1, 9) || Integer.parseInt(value.getFirst()) < 3) {
            return request;
        }
        String subject = request.subject(LaunchOption.SECRETS_FD);
        Path path = fds.readable(LaunchOption.SECRETS_FD.flag(), Integer.parseInt(value.getFirst()));
        List<String> secrets = new ArrayList<>(request.get(LaunchOption.SECRET));
        secrets.addAll(parse(read(path, subject), subject));
        Map<LaunchOption, List<String>> values = new TreeMap<>(); // (an EnumMap reflects at first use, cold)
        values.putAll(request.values());
        values.remove(LaunchOption.SECRETS_FD);
        if (!secrets.isEmpty()) {
            values.put(LaunchOption.SECRET, secrets);
        }
        return request.withValues(values);
    }

    private static byte[] read(Path path, String subject) throws InvalidRequestException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidRequestException(new Problem(subject, "cannot read " + path + ": " + e.getMessage()));
        }
    }

    static List<String> parse(byte[] raw, String subject) throws InvalidRequestException {
        Object root;
        try {
            root = JsonReader.read(raw);
        } catch (JsonReader.Malformed e) {
            root = null;
        }
        if (!(root instanceof List<?> entries)) {
            throw new InvalidRequestException(new Problem(subject, "expected a JSON array of \"SRC:DEST\" strings,"
                    + " such as [\"/run/keys/token:/run/secrets/token\"]"));
        }
        List<String> out = new ArrayList<>();
        for (Object n : entries) {
            if (!(n instanceof String entry)) {
                throw new InvalidRequestException(new Problem(subject, "entry " + (out.size() + 1)
                        + " is not a string: each entry is \"SRC:DEST\""));
            }
            try { // checked here, as the launch will, so that a refusal names the entry, never its text
                dev.nucleus.domain.value.SourceTarget st = dev.nucleus.domain.value.SourceTarget.parse(entry);
                dev.nucleus.domain.value.HostPath.parse(st.source());
                dev.nucleus.domain.value.ContainerPath.parse(st.target());
            } catch (dev.nucleus.domain.value.InvalidValueException e) {
                throw new InvalidRequestException(new Problem(subject, "entry " + (out.size() + 1) + " is not"
                        + " \"SRC:DEST\" (" + e.getMessage() + ")"));
            }
            out.add(entry);
        }
        return out;
    }
}
