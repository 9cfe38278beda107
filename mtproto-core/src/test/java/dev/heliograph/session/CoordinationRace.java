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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A race of many processes for the auth keys of one session: each child JVM opens its own store
 * on the shared backend, waits for the signal, then calls {@link SessionStore#getOrCreateAuthKey}
 * for every DC at once. The test checks that exactly one process created each DC's key and that
 * every process ended up with that key.
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
     * @param dcs how many DCs (1..dcs) to race for
     * @throws Exception on any failure (the child then exits non-zero)
     */
    public static void runChild(SessionStore store, int dcs) throws Exception {
        LeasePolicy policy = new LeasePolicy(Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofMillis(20));
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            throw new IllegalStateException("no GO signal");
        }
        List<CompletableFuture<DcAuth>> keys = new ArrayList<>();
        for (int dc = 1; dc <= dcs; dc++) {
            keys.add(store.getOrCreateAuthKey(SESSION, dc, lease -> {
                System.out.println("CREATED " + lease.dcId());
                // stands in for the key exchange: long enough for every other process to arrive
                return CompletableFuture.supplyAsync(() -> SessionFixtures.newDc(lease.dcId()),
                        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            }, policy).toCompletableFuture());
        }
        for (CompletableFuture<DcAuth> key : keys) {
            DcAuth auth = key.get(120, TimeUnit.SECONDS);
            System.out.println("KEY " + auth.dcId() + " " + Long.toHexString(auth.authKeyId()));
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
     * @param dcs how many DCs the children race for
     * @param errorLog where the children's standard error goes
     * @throws Exception on any failure
     */
    public static void race(Class<?> childMain, List<String> childArgs, int processes, int dcs, Path errorLog)
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
            Map<Integer, Integer> creators = new HashMap<>();
            Map<Integer, Set<String>> keyIds = new HashMap<>();
            for (ChildProcesses.Child child : children) {
                List<String> lines = child.readToEnd(180_000);
                assertEquals(0, child.process().waitFor(), () -> "child failed: " + lines + "\n" + tail(errorLog));
                assertEquals("DONE", lines.get(lines.size() - 1), "child output: " + lines);
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("CREATED")) {
                        creators.merge(Integer.parseInt(parts[1]), 1, Integer::sum);
                    } else if (parts[0].equals("KEY")) {
                        keyIds.computeIfAbsent(Integer.parseInt(parts[1]), dc -> new HashSet<>()).add(parts[2]);
                    }
                }
            }
            for (int dc = 1; dc <= dcs; dc++) {
                assertEquals(1, creators.getOrDefault(dc, 0), "creators of DC " + dc + ": " + creators);
                assertEquals(1, keyIds.get(dc).size(), "distinct keys adopted for DC " + dc + ": " + keyIds.get(dc));
            }
        }
    }
}
