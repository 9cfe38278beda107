package dev.heliograph.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A race of many processes for the named leases of one session: each child JVM opens its own store
 * on the shared backend, waits for the signal, then asks {@link SessionStore#tryLease} for every
 * lease at once. The test checks that exactly one process won each lease.
 */
public final class CoordinationRace {

    /** The session the children race for. */
    public static final String SESSION = "race";

    private CoordinationRace() {
    }

    /**
     * The child's side: call from the child program's {@code main}.
     *
     * @param store the child's own store instance
     * @param leases how many leases ({@code lease-1} ..) to race for
     * @throws Exception on any failure (the child then exits non-zero)
     */
    public static void runChild(SessionStore store, int leases) throws Exception {
        String host = "child-" + ProcessHandle.current().pid();
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            throw new IllegalStateException("no GO signal");
        }
        List<CompletableFuture<NamedLeaseAttempt>> attempts = new ArrayList<>();
        for (int i = 1; i <= leases; i++) {
            attempts.add(store.tryLease(SESSION, "lease-" + i, host, Duration.ofMinutes(5)).toCompletableFuture());
        }
        for (CompletableFuture<NamedLeaseAttempt> attempt : attempts) {
            if (attempt.get(120, TimeUnit.SECONDS) instanceof NamedLeaseAttempt.Acquired won) {
                System.out.println("WON " + won.lease().leaseName() + " " + won.lease().fencingToken());
            }
        }
        System.out.println("DONE");
        System.out.flush();
        store.close();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The parent's side: starts the children, lets them race, and checks the outcome.
     *
     * @param childMain the child program (calls {@link #runChild})
     * @param childArgs its arguments (where the shared backend is)
     * @param processes how many children
     * @param leases how many leases the children race for
     * @param errorLog where the children's standard error goes
     * @throws Exception on any failure
     */
    public static void race(Class<?> childMain, List<String> childArgs, int processes, int leases, Path errorLog)
            throws Exception {
        try (ChildProcesses launcher = new ChildProcesses(errorLog)) {
            List<ChildProcesses.Child> children = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                children.add(launcher.start(childMain, childArgs.toArray(String[]::new)));
            }
            for (ChildProcesses.Child child : children) {
                assertEquals("READY", child.nextLine(120_000), () -> "child did not start:\n" + tail(errorLog));
            }
            for (ChildProcesses.Child child : children) {
                child.send("GO");
            }
            Map<String, Integer> winners = new HashMap<>();
            for (ChildProcesses.Child child : children) {
                List<String> lines = child.readToEnd(180_000);
                assertEquals(0, child.process().waitFor(), () -> "child failed: " + lines + "\n" + tail(errorLog));
                assertEquals("DONE", lines.get(lines.size() - 1), "child output: " + lines);
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("WON")) {
                        winners.merge(parts[1], 1, Integer::sum);
                    }
                }
            }
            for (int i = 1; i <= leases; i++) {
                assertEquals(1, winners.getOrDefault("lease-" + i, 0), "winners per lease: " + winners);
            }
        }
    }
}
