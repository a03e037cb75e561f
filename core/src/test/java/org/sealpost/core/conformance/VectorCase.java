package org.sealpost.core.conformance;

/**
 * One row of ../shared/vectors/MANIFEST.md and what our engine must make of it.
 *
 * @param path        the row's path, relative to the vectors directory
 * @param expectation the outcome asserted, in a few words (shown as the test name)
 * @param check       runs the engine on the vector and asserts the outcome
 */
record VectorCase(String path, String expectation, Check check) {

    /** The assertions of one case. */
    @FunctionalInterface
    interface Check {
        void run(Vectors vectors, String path) throws Exception;
    }

    @Override
    public String toString() {
        return path + " -> " + expectation;
    }

    /** A manifest row without a case, and why. */
    record Skipped(String path, String reason) {
        @Override
        public String toString() {
            return path + " (skipped: " + reason + ")";
        }
    }
}
