package dev.rocky.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.run.PipesSession;
import dev.rocky.core.spec.AssetKey;
import dev.rocky.json.PipesParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One rocky process under Dagster Pipes, the orchestration side of the protocol as
 * {@code PipesSubprocessClient} plays it: a temporary directory with the context file (what
 * {@code PipesTempFileContextInjector} writes: {@code asset_keys}, {@code partition_key},
 * {@code run_id}, {@code extras} with {@code plan_id} and {@code rocky_declared_checks}) and the
 * messages file; {@code DAGSTER_PIPES_CONTEXT={"path": <context>}} and
 * {@code DAGSTER_PIPES_MESSAGES={"path": <messages>}}, each {@code base64(zlib(json))}; the
 * process on another thread while the calling thread tails the messages file every 50 ms and hands
 * each message to the session's receiver; a last read when the process ends. The directory is
 * deleted afterwards.
 */
final class PipesCall {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 50;

    private PipesCall() {
    }

    /**
     * @param runner runs the process
     * @param request the call (its environment gains the two Pipes variables)
     * @param stderr receives rocky's stderr lines (on the runner's thread)
     * @param session the context to give and the receiver of messages (called on this thread)
     * @param planId the plan an apply runs, for the context's extras
     * @return the process's result
     * @throws RockyException {@code PIPES_PROTOCOL} when the session's files
     *     cannot be written or read
     */
    static CommandResult run(CommandRunner runner, CommandRequest request, Consumer<String> stderr, PipesSession session,
            Optional<String> planId) {
        Path dir;
        try {
            dir = Files.createTempDirectory("rocky-pipes-");
        } catch (IOException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, "cannot create the Dagster Pipes session directory: " + e.getMessage(), e);
        }
        try {
            // 1. The context and the empty messages file.
            Path context = dir.resolve("context.json");
            Path messages = dir.resolve("messages.jsonl");
            Files.write(context, JSON.writeValueAsBytes(contextData(session, planId)));
            Files.createFile(messages);
            // 2. The environment that names them.
            Map<String, String> env = new HashMap<>(request.environment());
            env.put(PipesParams.CONTEXT_ENV, PipesParams.encode(JSON.createObjectNode().put("path", context.toString())));
            env.put(PipesParams.MESSAGES_ENV, PipesParams.encode(JSON.createObjectNode().put("path", messages.toString())));
            CommandRequest withPipes = new CommandRequest(request.command(), request.argv(), request.workingDirectory(), env,
                    request.timeout(), request.stdoutCapBytes());
            // 3. Run it on another thread; tail the messages here, so the receiver hears them on the caller's thread.
            CompletableFuture<CommandResult> process = CompletableFuture.supplyAsync(() -> runner.run(withPipes, stderr),
                    runnable -> {
                        Thread t = new Thread(runnable, "rocky-pipes-" + request.command());
                        t.setDaemon(true);
                        t.start();
                    });
            PipesMessageReader reader = new PipesMessageReader(messages, session.receiver());
            while (true) {
                try {
                    CommandResult result = process.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    // 4. What the process wrote before it ended.
                    reader.finish();
                    return result;
                } catch (TimeoutException e) {
                    reader.poll();
                } catch (ExecutionException e) {
                    reader.finish();
                    Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RockyException(ErrorCode.COMMAND_FAILED, "interrupted while rocky " + request.command()
                            + " ran under Dagster Pipes", e);
                }
            }
        } catch (IOException e) {
            throw new RockyException(ErrorCode.PIPES_PROTOCOL, "cannot write the Dagster Pipes context in " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    /** {@code PipesContextData}: every field the protocol defines, those rocky-java has no value for as {@code null}. */
    private static ObjectNode contextData(PipesSession session, Optional<String> planId) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode keys = data.putArray("asset_keys");
        for (AssetKey k : session.assetKeys()) {
            keys.add(PipesParams.assetKeyString(k.path()));
        }
        data.putNull("code_version_by_asset_key");
        data.putNull("provenance_by_asset_key");
        if (session.partitionKey().isPresent()) {
            data.put("partition_key", session.partitionKey().get());
            data.putObject("partition_key_range").put("start", session.partitionKey().get()).put("end", session.partitionKey().get());
        } else {
            data.putNull("partition_key");
            data.putNull("partition_key_range");
        }
        data.putNull("partition_time_window");
        data.put("run_id", session.runId());
        data.putNull("job_name");
        data.put("retry_number", 0);
        ObjectNode extras = data.putObject("extras");
        planId.ifPresent(id -> extras.put("plan_id", id));
        ObjectNode declared = extras.putObject("rocky_declared_checks");
        for (Map.Entry<String, List<String>> e : session.declaredChecks().entrySet()) {
            ArrayNode names = declared.putArray(e.getKey());
            e.getValue().forEach(names::add);
        }
        return data;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless; the next session uses a new one
        }
    }
}
