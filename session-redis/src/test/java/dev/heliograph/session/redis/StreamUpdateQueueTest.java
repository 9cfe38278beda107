package dev.heliograph.session.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How shards are spread over hosts and chats over shards, and the fan-out settings' checks. */
class StreamUpdateQueueTest {

    @Test
    void everyShardHasExactlyOneOwnerAmongTheLiveHosts() {
        List<String> hosts = List.of("host-0", "host-1", "host-2", "host-3", "host-4");
        int[] owners = new int[16];
        for (String h : hosts) {
            for (int shard : StreamUpdateQueue.share(hosts, h, 16)) {
                owners[shard]++;
            }
        }
        for (int shard = 0; shard < 16; shard++) {
            assertEquals(1, owners[shard], "shard " + shard);
        }
    }

    @Test
    void aHostThatJoinsTakesShardsOnlyFromOthersAndOneThatLeavesGivesOnlyItsOwn() {
        List<String> before = List.of("a", "b", "c");
        List<String> after = List.of("a", "b", "c", "d");
        Set<Integer> moved = new HashSet<>();
        for (String h : before) {
            Set<Integer> kept = StreamUpdateQueue.share(after, h, 64);
            Set<Integer> had = StreamUpdateQueue.share(before, h, 64);
            assertTrue(had.containsAll(kept), h + " gained shards when d joined");
            had.removeAll(kept);
            moved.addAll(had);
        }
        assertEquals(StreamUpdateQueue.share(after, "d", 64), moved, "what moved went to d, and only that");
        assertTrue(moved.size() > 4 && moved.size() < 32, "d takes about a quarter: " + moved.size());
    }

    @Test
    void chatsSpreadOverAllShardsAndAlwaysLandInTheSameOne() {
        Set<Integer> used = new HashSet<>();
        for (int chat = 0; chat < 1000; chat++) {
            int shard = StreamUpdateQueue.shardOf("u" + chat, 16);
            assertTrue(shard >= 0 && shard < 16);
            assertEquals(shard, StreamUpdateQueue.shardOf("u" + chat, 16));
            used.add(shard);
        }
        assertEquals(16, used.size());
    }

    @Test
    void invalidSettingsAreRefusedNamingEachProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamFanout.builder()
                .shards(0).leaseTtl(Duration.ofMillis(100)).dedupTtl(Duration.ZERO).readCount(0).deadLetterMaxLength(0)
                .build());
        for (String field : List.of("shards", "leaseTtl", "dedupTtl", "readCount", "block", "deadLetterMaxLength")) {
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
        StreamFanout fanout = StreamFanout.builder().leaseTtl(Duration.ofSeconds(3)).build();
        assertEquals(Duration.ofSeconds(3), fanout.claimIdle(), "claims wait for a lease time by default");
    }
}
