package dev.heliograph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.testdc.Push;
import dev.heliograph.testdc.TestDc;
import dev.heliograph.testdc.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One update receiver among host JVMs sharing a bot through Redis (each from its own loopback
 * address, the test DC's duplicate-key rule on): the DC's push log shows one connection getting the
 * bot's updates at any time, only the receiver handles messages, and a receiver killed with
 * SIGKILL is replaced within 5 s by a host that fetches what was sent meanwhile
 * ({@code updates.getDifference}): every message is handled.
 */
class UpdateReceiverIT {

    private static final int HOSTS = 3;

    @TempDir
    Path dir;

    private static List<String> hostOptions() {
        List<String> options = new ArrayList<>(SharedBotHosts.FAST_LEASES);
        options.addAll(List.of("--stay-ms", "180000", "--call-every-ms", "400", "--pfs", "off", "--handle", "on"));
        return options;
    }

    private static void awaitTrue(String what, BooleanSupplier condition, List<HostLines> hosts)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + "; hosts said: " + hosts.stream().map(h -> h.all.toString())
                        .collect(Collectors.joining("\n")));
            }
            Thread.sleep(50);
        }
    }

    private static long handled(List<HostLines> hosts, String text) {
        return hosts.stream().mapToLong(h -> h.all.stream().filter(l -> l.startsWith("handled ")
                && l.endsWith(" " + text)).count()).sum();
    }

    private static List<HostLines> receivers(List<HostLines> hosts) {
        return hosts.stream().filter(h -> h.count("receiver gained") > h.count("receiver lost")).toList();
    }

    /** Starts the hosts and waits until all logged in and one is the receiver. */
    private static HostLines startHosts(SharedBotHosts.Fleet fleet, int count, List<HostLines> hosts)
            throws Exception {
        for (int i = 0; i < count; i++) {
            hosts.add(new HostLines(fleet.start(i, hostOptions())));
        }
        for (HostLines h : hosts) {
            h.await("logged in");
        }
        awaitTrue("one host became the receiver", () -> receivers(hosts).size() == 1, hosts);
        return receivers(hosts).get(0);
    }

    /** The bot's pushes on its home DC, by connection. */
    private static Set<Long> connections(List<Push> pushes) {
        return pushes.stream().map(Push::connectionId).collect(Collectors.toSet());
    }

    @Test
    void oneHostReceivesAtATimeAndAKilledReceiverIsReplacedWithinFiveSecondsWithNothingLost() throws Exception {
        try (SharedBotHosts.Fleet fleet = new SharedBotHosts.Fleet(null, dir)) {
            TestDc home = fleet.cluster.dc(SharedBotHosts.BOT.homeDc());
            TestUser user = fleet.cluster.addUser("9996641234", "Tess", "tess_sender");
            List<HostLines> hosts = new ArrayList<>();
            try {
                HostLines first = startHosts(fleet, HOSTS, hosts);
                String firstAddress = "127.0.0." + (2 + hosts.indexOf(first));

                List<String> before = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    before.add("before-" + i);
                    user.sendMessage(SharedBotHosts.BOT, "before-" + i);
                }
                awaitTrue("the receiver handled the first messages",
                        () -> before.stream().allMatch(t -> handled(hosts, t) >= 1), hosts);
                for (HostLines h : hosts) {
                    if (h != first) {
                        assertEquals(0, h.count("handled "), "a follower handled a message: " + h.all);
                    }
                }
                List<Push> steady = home.pushes();
                assertEquals(1, connections(steady).size(), "pushes went to more than one connection: " + steady);
                assertEquals(Set.of(firstAddress), steady.stream().map(Push::remoteHost).collect(Collectors.toSet()));

                first.process.destroyForcibly();
                long killed = System.nanoTime();
                List<String> during = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    during.add("during-" + i);
                    user.sendMessage(SharedBotHosts.BOT, "during-" + i);
                    Thread.sleep(100);
                }
                List<HostLines> rest = hosts.stream().filter(h -> h != first).toList();
                awaitTrue("another host became the receiver", () -> receivers(rest).size() == 1, hosts);
                HostLines second = receivers(rest).get(0);
                long failoverMillis = TimeUnit.NANOSECONDS.toMillis(second.firstArrival("receiver gained") - killed);
                System.out.println("failover (SIGKILL to the next receiver's lease): " + failoverMillis + " ms");
                assertTrue(failoverMillis <= 5000, "failover took " + failoverMillis + " ms");

                awaitTrue("every message sent while the receiver was replaced was handled",
                        () -> during.stream().allMatch(t -> handled(hosts, t) >= 1), hosts);
                for (HostLines h : rest) {
                    if (h != second) {
                        assertEquals(0, h.count("handled "), "a follower handled a message: " + h.all);
                    }
                }
                assertTrue(before.stream().allMatch(t -> handled(hosts, t) >= 1));
                Set<String> repeated = new HashSet<>();
                for (String t : during) {
                    if (handled(hosts, t) > 1) {
                        repeated.add(t);
                    }
                }
                assertEquals(Set.of(), repeated, "messages sent after the kill were handled twice");

                String secondAddress = "127.0.0." + (2 + hosts.indexOf(second));
                List<Push> all = home.pushes();
                List<Push> later = all.subList(steady.size(), all.size());
                Set<Long> firstConnections = connections(steady);
                List<Push> toSecond = later.stream().filter(p -> !firstConnections.contains(p.connectionId())).toList();
                assertEquals(1, connections(toSecond).size(), "pushes after the kill: " + later);
                assertEquals(Set.of(secondAddress), toSecond.stream().map(Push::remoteHost).collect(Collectors.toSet()));
                long lastToFirst = all.stream().filter(p -> firstConnections.contains(p.connectionId()))
                        .mapToLong(Push::atMillis).max().orElseThrow();
                assertTrue(lastToFirst <= toSecond.get(0).atMillis(), "two connections got pushes at once");
                assertEquals(0, fleet.duplicated(), fleet.rpcLog::toString);
            } finally {
                for (HostLines h : hosts) {
                    h.process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aReceiverFrozenPastItsLeaseHandlesNothingOnceResumedAndItsConnectionGetsNoMorePushes() throws Exception {
        try (SharedBotHosts.Fleet fleet = new SharedBotHosts.Fleet(null, dir)) {
            TestDc home = fleet.cluster.dc(SharedBotHosts.BOT.homeDc());
            TestUser user = fleet.cluster.addUser("9996641235", "Fred", "fred_sender");
            List<HostLines> hosts = new ArrayList<>();
            try {
                HostLines frozen = startHosts(fleet, 2, hosts);
                HostLines other = hosts.get(1 - hosts.indexOf(frozen));
                String frozenAddress = "127.0.0." + (2 + hosts.indexOf(frozen));

                long stoppedAt = System.currentTimeMillis();
                frozen.signal("STOP");
                awaitTrue("the other host took over", () -> other.count("receiver gained") == 1, hosts);
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    sent.add("frozen-" + i);
                    user.sendMessage(SharedBotHosts.BOT, "frozen-" + i);
                }
                awaitTrue("the new receiver handled what was sent during the freeze",
                        () -> sent.stream().allMatch(t -> other.count("handled ") > 0 && handled(List.of(other), t) == 1),
                        hosts);

                assertTrue(home.pushes().stream().anyMatch(p -> p.atMillis() >= stoppedAt
                        && frozenAddress.equals(p.remoteHost())), "the DC pushed to the frozen host's connection: "
                        + "its own authorization's updates wait there for it to resume");
                int handledBefore = (int) frozen.count("handled ");
                frozen.signal("CONT");
                frozen.await("receiver lost");
                long settled = System.currentTimeMillis() + 1000;
                Thread.sleep(1500);
                for (int i = 0; i < 10; i++) {
                    sent.add("after-" + i);
                    user.sendMessage(SharedBotHosts.BOT, "after-" + i);
                }
                awaitTrue("the new receiver handled what was sent after the resume",
                        () -> sent.stream().allMatch(t -> handled(List.of(other), t) == 1), hosts);
                Thread.sleep(500);
                assertEquals(handledBefore, frozen.count("handled "),
                        "the frozen receiver handled updates after it resumed: " + frozen.all);
                List<Push> late = home.pushes().stream().filter(p -> p.atMillis() > settled
                        && frozenAddress.equals(p.remoteHost())).toList();
                assertEquals(List.of(), late, "the DC still pushed to the frozen host after it resumed");
                assertTrue(frozen.count("receiver gained") == 1, frozen.all::toString);
                assertEquals(0, fleet.duplicated(), fleet.rpcLog::toString);
            } finally {
                for (HostLines h : hosts) {
                    h.process.destroyForcibly();
                }
            }
        }
    }
}
