package dev.rocky.process;

import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * commons-exec's watchdog destroys only the process it started; rocky (or a wrapper script around
 * it) may have children that would outlive it and keep its pipes open. This one kills the
 * descendants and, when the process leads its own group, every member of the group (a child that
 * double-forked away from the tree included), then the process itself, forcibly
 * ({@link ProcessGroups#kill}). It also registers the running command for the JVM's shutdown kill.
 */
final class TreeKillingWatchdog extends ExecuteWatchdog {

    private final String command;
    private final boolean ownGroup;
    private Process process;
    private ProcessGroups.Running running;
    private volatile boolean killedByUs;

    /**
     * @param timeoutMillis the budget
     * @param command the rocky subcommand, for what the shutdown hook reports
     * @param ownGroup whether the process leads its own process group (started through setsid)
     */
    @SuppressWarnings("deprecation")
    TreeKillingWatchdog(long timeoutMillis, String command, boolean ownGroup) {
        super(timeoutMillis);
        this.command = command;
        this.ownGroup = ownGroup;
    }

    @Override
    public synchronized void start(Process started) {
        this.process = started;
        this.running = new ProcessGroups.Running(command, started, ownGroup);
        if (!ProcessGroups.register(running)) {
            ProcessGroups.kill(started, ownGroup);
        }
        super.start(started);
    }

    /** The command is over: the shutdown hook no longer needs to kill it. */
    synchronized void finished() {
        if (running != null) {
            ProcessGroups.unregister(running);
        }
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
        ProcessGroups.kill(p, ownGroup);
    }
}
