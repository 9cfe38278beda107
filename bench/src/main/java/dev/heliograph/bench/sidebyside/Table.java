package dev.heliograph.bench.sidebyside;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side table: per measure the median of the runs and their spread (min..max), and
 * the ratio "Heliograph is N times better" computed per run.
 */
final class Table {

    /** One row: keys into a run's figures (Telethon's may be null), whether lower is better, the goal. */
    private record Row(String name, String heliograph, String telethon, boolean lowerIsBetter, String goal) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("cold login p50, file store (ms)", "h.cold.file.p50", "t.cold.file.p50", true, "<= 20 ms, >= 5x"),
            new Row("cold login p99, file store (ms)", "h.cold.file.p99", "t.cold.file.p99", true, ""),
            new Row("cold login p50, Redis store (ms)", "h.cold.redis.p50", null, true, "<= 20 ms"),
            new Row("cold login p99, Redis store (ms)", "h.cold.redis.p99", null, true, ""),
            new Row("warm login p50, file store (ms)", "h.warm.file.p50", null, true, ""),
            new Row("warm login p50, Redis store (ms)", "h.warm.redis.p50", null, true, "<= 2 ms"),
            new Row("first login, fresh process: start to logged in (ms)", "h.fresh.spawn.p50", "t.fresh.spawn.p50",
                    true, ""),
            new Row("first login, fresh JVM: main to logged in (ms)", "h.fresh.main.p50", null, true, "<= 150 ms"),
            new Row("sequential help.getNearestDc (calls/s)", "h.seq.rate", "t.seq.rate", false, ">= 5x"),
            new Row("sequential help.getNearestDc p50 (us)", "h.seq.p50.us", "t.seq.p50.us", true, "<= 100 us"),
            new Row("pipelined, 64 in flight (calls/s)", "h.pipe.rate", "t.pipe.rate", false, ">= 150,000/s, >= 10x"),
            new Row("~1 MiB each way (0.94 MiB out): round trip p50 (ms)", "h.mib.p50", "t.mib.p50", true, ""));

    private Table() {
    }

    static void print(List<Map<String, Double>> runs, SideBySide.Options o) {
        System.out.printf(Locale.ROOT, "%nHeliograph vs Telethon 1.25 (%d runs; median [min..max] of the runs' figures;"
                + " per run: %d cold logins per store, %d warm, %d sequential and %d pipelined calls, %d x ~1 MiB,"
                + " %d fresh processes; Telethon: %d cold logins, %d sequential, %d pipelined)%n%n", runs.size(),
                o.logins(), o.logins(), o.calls(), o.pipelined(), o.mibCalls(), o.fresh(), o.telethonLogins(),
                o.telethonCalls(), o.telethonPipelined());
        System.out.println("| measure | Heliograph | Telethon | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        for (Row row : ROWS) {
            double[] h = values(runs, row.heliograph());
            String t = "-";
            String ratio = "-";
            if (row.telethon() != null) {
                double[] tv = values(runs, row.telethon());
                double[] r = new double[h.length];
                for (int i = 0; i < h.length; i++) {
                    r[i] = row.lowerIsBetter() ? tv[i] / h[i] : h[i] / tv[i];
                }
                t = cell(tv);
                ratio = String.format(Locale.ROOT, "%.1fx [%.1f..%.1f]", median(r), min(r), max(r));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.name(), cell(h), t, ratio, row.goal());
        }
    }

    private static double[] values(List<Map<String, Double>> runs, String key) {
        return runs.stream().mapToDouble(m -> m.get(key)).toArray();
    }

    private static String cell(double[] v) {
        return format(median(v)) + " [" + format(min(v)) + ".." + format(max(v)) + "]";
    }

    private static String format(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v)
                : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
