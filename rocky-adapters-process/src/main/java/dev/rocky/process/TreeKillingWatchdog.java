package dev.rocky.process;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * commons-exec's watchdog destroys only the process it started; rocky (or a wrapper script around
 * it) may have children that would outlive it and keep its pipes open. This one kills the
 * descendants first, while they are still reachable from the process, then the process itself,
 * forcibly.
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {

    private Process process;
    private volatile boolean killedByUs;

    @SuppressWarnings("deprecation")
    TreeKillingWatchdog(long timeoutMillis) {
        super(timeoutMillis);
    }

    @Override
    public synchronized void start(Process started) {
        this.process = started;
        super.start(started);
    }

    @Override
    public synchronized void timeoutOccured(Watchdog watchdog) {
        killedByUs = true;
        killTree();
        super.timeoutOccured(watchdog);
    }

    /** Kills the process tree now, e.g. because its stdout passed the cap. */
    synchronized void killNow() {
        killTree();
    }

    /** @return true when the timeout fired (not when {@link #killNow()} was called) */
    boolean timedOut() {
        return killedByUs;
    }

    private void killTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
