package dev.rocky.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Rocky in a process group of its own, and the kill that reaches the whole group.
 *
 * <p>On Linux, rocky is started through util-linux's {@code setsid}, which makes it the leader of a
 * new session and process group (its pid is the group id) and then executes it; everything rocky
 * starts, including a child that double-forks away from the process tree, stays in that group
 * unless it calls {@code setsid} itself. A kill finds the group's members in {@code /proc}
 * ({@code /proc/<pid>/stat}, field 5) and kills them with the process's descendants. Where there is
 * no {@code setsid} or no {@code /proc}, the kill reaches the descendants only, as before.
 *
 * <p>Every running command is registered; a JVM shutdown hook (SIGTERM, SIGINT, SIGHUP, or
 * {@code System.exit}) kills each registered group first, so no rocky outlives the component, and
 * tells the listener set with {@link #onShutdownKill} what it killed.
 */
final class ProcessGroups {

    private static final Path PROC = Path.of("/proc");

    /** {@code setsid}, when this machine has it. */
    static final Optional<String> SETSID = find("/usr/bin/setsid", "/bin/setsid");
    private static final Set<Running> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile Consumer<String> shutdownListener = line -> { };
    private static volatile boolean shuttingDown;

    static {
        Thread hook = new Thread(ProcessGroups::killAllAtShutdown, "rocky-process-groups-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ProcessGroups() {
    }

    /**
     * A command that is running.
     *
     * @param command the rocky subcommand, e.g. {@code discover}
     * @param process the process started
     * @param ownGroup whether it leads its own process group (started through {@code setsid})
     */
    record Running(String command, Process process, boolean ownGroup) {
    }

    private static Optional<String> find(String... candidates) {
        if (!Files.isDirectory(PROC)) {
            return Optional.empty();
        }
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * @param running a command that just started
     * @return false when the JVM is shutting down: the caller kills it at once (the shutdown kill
     *     has already looked, and a refresh carrying on after its command was killed must not
     *     leave a new rocky behind)
     */
    static boolean register(Running running) {
        RUNNING.add(running);
        if (shuttingDown) {
            RUNNING.remove(running);
            return false;
        }
        return true;
    }

    /** @return whether the JVM is shutting down, so no new command may start */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    static void unregister(Running running) {
        RUNNING.remove(running);
    }

    /** @param listener told, one line each, what the shutdown hook killed (the CLI prints it) */
    static void onShutdownKill(Consumer<String> listener) {
        shutdownListener = listener == null ? line -> { } : listener;
    }

    /**
     * Kills a process, its descendants and, when it leads its own group, every member of that group.
     *
     * @param process the process
     * @param ownGroup whether it leads its own group
     * @return how many processes were sent a kill (the process included)
     */
    static int kill(Process process, boolean ownGroup) {
        List<ProcessHandle> victims = new ArrayList<>();
        process.toHandle().descendants().forEach(victims::add);
        if (ownGroup) {
            for (long pid : members(process.pid())) {
                if (pid != process.pid()) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        if (!victims.contains(h)) {
                            victims.add(h);
                        }
                    });
                }
            }
        }
        victims.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return victims.size() + 1;
    }

    /**
     * @param pgid a process group id
     * @return the pids whose process group is {@code pgid}, read from {@code /proc}; empty where
     *     there is no {@code /proc}
     */
    static List<Long> members(long pgid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars()
                .allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // the process ended while we looked
                }
                int close = stat.lastIndexOf(')');
                if (close < 0) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                // after "(comm) ": state ppid pgrp ...
                if (fields.length > 2 && fields[2].equals(Long.toString(pgid))) {
                    out.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    private static void killAllAtShutdown() {
        shuttingDown = true;
        for (Running r : List.copyOf(RUNNING)) {
            if (!r.process().isAlive()) {
                continue;
            }
            int n = kill(r.process(), r.ownGroup());
            shutdownListener.accept("killed rocky " + r.command() + " (pid " + r.process().pid() + ")"
                    + (n > 1 ? " and " + (n - 1) + " process" + (n == 2 ? "" : "es") + " it started" : "")
                    + " because rocky-component was stopped");
        }
    }
}
