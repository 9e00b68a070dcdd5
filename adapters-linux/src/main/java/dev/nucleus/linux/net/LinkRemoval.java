package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.util.ArrayList;
import java.util.List;

/**
 * Links deleted each on a thread of its own. A deletion waits out the kernel's grace periods
 * before its {@code ip} returns (here a veth's some 20 ms, a bridge's 55), each apart from the
 * others and from the rules' commit (some 27 ms, waiting likewise), which the teardown makes
 * meanwhile: the waits overlap instead of adding up. A bridge may go before its ports: the kernel
 * detaches them.
 */
final class LinkRemoval {
    private final List<Thread> threads = new ArrayList<>();
    private final List<LaunchFailedException> failures = new ArrayList<>();

    private LinkRemoval() {
    }

    static LinkRemoval start(List<String> links) {
        LinkRemoval removal = new LinkRemoval();
        for (String link : links) {
            Thread t = new Thread(() -> removal.remove(link), "nucleus-link-removal");
            t.setDaemon(true);
            removal.threads.add(t);
            t.start();
        }
        return removal;
    }

    private void remove(String link) {
        try {
            BridgeLink.remove(link);
        } catch (LaunchFailedException e) {
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    /** Waits until every link is deleted; the first that could not be is thrown here. */
    void await() throws LaunchFailedException {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the links go all the same: waited for, then said
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                LaunchFailedException first = failures.getFirst();
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }
    }
}
