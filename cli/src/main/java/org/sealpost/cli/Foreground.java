package org.sealpost.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What every long-running command ({@code server}, {@code vault}) does around the service it runs. */
public final class Foreground {
    /** How long a SIGTERM waits for the service to close before the JVM halts. */
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private Foreground() {
    }

    /** Something that opens a listening socket. */
    @FunctionalInterface
    public interface Listen<T> {
        T open() throws Exception;
    }

    /**
     * Opens a listener; a port that cannot be bound is the operator's to fix, said in one plain line
     * instead of the HTTP library's exception.
     */
    public static <T> T listening(String host, int port, Listen<T> listen) throws Exception {
        try {
            return listen.open();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException || t.getClass().getSimpleName().contains("BindException")) {
                    throw new CliException(ExitCodes.USAGE, "cannot listen on " + host + ":" + port
                            + ": the port is in use or not allowed (choose another with --port)");
                }
            }
            throw e;
        }
    }

    /**
     * Announces a started service, keeps it running until Ctrl-C or SIGTERM (or, run in-process as in
     * tests, an interrupt of this thread), then closes it.
     */
    public static void runUntilStopped(AutoCloseable service, Runnable announce) throws Exception {
        runUntilStopped(service, announce, null);
    }

    /**
     * {@link #runUntilStopped(AutoCloseable, Runnable)}, stopping on its own after {@code limit} as
     * well when one is given (a benchmark's server serves a fixed time).
     */
    public static void runUntilStopped(AutoCloseable service, Runnable announce, java.time.Duration limit) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On Ctrl-C or SIGTERM the hook wakes this thread and waits (briefly) until the service has
        // closed: the JVM would otherwise halt while its database is still being closed.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        boolean interrupted = false;
        try (service) {
            announce.run();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (limit == null) {
                    stopped.await();
                } else {
                    stopped.await(limit.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                // An interrupt is a request to stop. The flag is restored only after the service
                // closed, which an interrupted thread cannot do cleanly.
                interrupted = true;
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // The JVM is already running the hook, or the service failed before it was added.
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
