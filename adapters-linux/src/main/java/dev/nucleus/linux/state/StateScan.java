package dev.nucleus.linux.state;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.StateStoreException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Queries over every container's state that a launch asks on its way (a bridged one: which
 * containers are alive; a named one: which hold its name). They read each state's text and parse
 * only what they must: a cold Jackson databind costs a start some 150 ms, and there may be many
 * states.
 */
public final class StateScan {
    private final FileStateStore store;

    StateScan(FileStateStore store) {
        this.store = store;
    }

    /**
     * The containers named {@code name}. Only a state whose text holds the name in quotes is parsed
     * (names are plain {@code [A-Za-z0-9_.-]}, so JSON writes them as they are): a named launch
     * asks this with every other container's state in the directory, and parsing them all cost
     * a cold start Jackson databind, some 150 ms.
     */
    public List<ContainerState> named(String name) throws StateStoreException {
        List<ContainerState> out = new ArrayList<>();
        for (String id : store.containerIds()) {
            ifNamed(id, name).ifPresent(out::add);
        }
        return out;
    }

    /** Container {@code id}'s state when it is named {@code name}, parsed only when its text holds it. */
    Optional<ContainerState> ifNamed(String id, String name) throws StateStoreException {
        try {
            Optional<String> text = store.readText(id);
            if (text.isPresent() && text.get().contains("\"" + name + "\"")) {
                ContainerState s = store.parse(id, text.get());
                if (s.facts().name().equals(name)) {
                    return Optional.of(s);
                }
            }
        } catch (IOException e) {
            // no readable state: being created, or what unreadable() reports
        }
        return Optional.empty();
    }

    /**
     * The ids of containers that may still hold what they were given (addresses, rules): being
     * set up (creating, created), or with a recorded process that is still the one alive
     * (running, stopping). Read from each state's header where this version wrote it, with no
     * JSON parser: a bridged launch asks this of every container, and a cold databind costs a
     * start some 150 ms. A state whose header is not this version's is parsed in full; one
     * that cannot be read at all counts as gone, as in {@link FileStateStore#list}.
     */
    public Set<String> liveIds() throws StateStoreException {
        Set<String> live = new HashSet<>();
        for (String id : store.containerIds()) {
            try {
                Optional<String> text = store.readText(id);
                if (text.isEmpty()) {
                    continue;
                }
                Optional<String> header = StateJson.headerStatus(text.get());
                String status;
                Optional<ContainerProcess> process;
                if (header.isPresent()) {
                    status = header.get();
                    process = StateJson.headerProcess(text.get());
                } else {
                    ContainerState s = store.parse(id, text.get());
                    status = StateJson.status(s);
                    process = s.process();
                }
                boolean settingUp = status.equals("creating") || status.equals("created");
                if (settingUp || process.map(ProcStart::alive).orElse(false)) {
                    live.add(id);
                }
            } catch (IOException e) {
                // no readable state: being created, or what unreadable() reports
            }
        }
        return live;
    }
}
