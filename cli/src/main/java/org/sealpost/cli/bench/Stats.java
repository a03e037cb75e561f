package org.sealpost.cli.bench;

import java.util.Arrays;

/** Summary of repeated timings, in milliseconds. */
record Stats(int samples, double median, double p90, double min) {

    static Stats of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)] / 1e6, sorted[0] / 1e6);
    }

    /** The {@code q} quantile (0..1, nearest rank) of already sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(sorted.length * q) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    String row(String name) {
        return String.format("| %s | %.2f | %.2f | %.2f | %d |", name, median, p90, min, samples);
    }
}
