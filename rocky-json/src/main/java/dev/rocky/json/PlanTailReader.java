package dev.rocky.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads {@code rocky plan} documents ({@link PlanOutput#read(byte[])}) without tokenizing again
 * the part each plan of a project repeats. rocky prints a plan's {@code models} and
 * {@code execution_layers} after its filter's statements (plan.rs field order), and lists every
 * model of the project whatever the filter: materializing 1,000 sources of a 10,000-model
 * project prints 1,000 plans whose last 440 KB each are the same bytes.
 *
 * <p>The rule: once a document was read in full, its bytes from its top-level {@code "models"}
 * key to its end (its <em>tail</em>) are kept with the tail's top-level keys and the
 * {@code models} it bound. A later document that ends with the same bytes is read in two parts:
 * its head (the bytes before them, without the comma that ends them, closed with a brace) through
 * the shared mapper, as if its root had already held the tail's keys, and the kept {@code models}.
 * That gives what a full read gives. A head that reads as a whole object ends at the root, after a
 * member and its comma (or at the root's opening brace), which is where the kept tail started; the
 * same bytes, read from that parser state, bind the same values and pass the same syntax,
 * repeated-key and trailing-token checks; a head key the tail also holds is refused as a repeat.
 * Anything else (a head the mapper refuses, no comma before the tail, a tail that differs, a kept
 * tail that binds more than {@code models}) is read in full, so a malformed document is refused
 * exactly as before, with the same message and location.
 *
 * <p>Up to {@value #MAX_KEPT_TAILS} tails are kept, the latest first, so that a process
 * materializing several projects in turn (an orchestrator with more than one component) keeps
 * one for each; at most {@value #MAX_KEPT_BYTES} bytes of them. Thread-safe: the kept tails are
 * immutable and replaced atomically.
 */
final class PlanTailReader {

    /** The most tail bytes kept, over all kept tails (a 100,000-model project's plans end with about 4.4 MB of names). */
    static final int MAX_KEPT_BYTES = 32 * 1024 * 1024;

    /** The most tails kept: one per project whose materializations a process interleaves, up to this many. */
    static final int MAX_KEPT_TAILS = 4;

    /** The key the tail starts at. */
    private static final String TAIL_KEY = "models";

    /** The top-level keys {@link PlanOutput} binds besides {@code models}: a tail holding one is never taken. */
    private static final Set<String> BOUND_BEFORE = Set.of("version", "command", "filter", "statements", "plan_id", "plan_kind");

    /** A tail kept from a document read in full: its bytes, its top-level keys and the {@code models} it bound. */
    private record Kept(byte[] tail, Set<String> keys, List<String> models) {
    }

    /** The tails kept, the latest first. */
    private static final AtomicReference<List<Kept>> KEPT = new AtomicReference<>(List.of());

    /** Documents read with a kept tail, for tests. */
    private static final AtomicInteger TAILS_TAKEN = new AtomicInteger();

    private PlanTailReader() {
    }

    /**
     * @param json a {@code rocky plan --output json} document (UTF-8)
     * @return the bound document, equal to {@code RockyJson.read(json, PlanOutput.class)}
     * @throws com.fasterxml.jackson.core.JacksonException as {@link RockyJson#read}, with its message
     * @throws IOException as {@link RockyJson#read}
     */
    static PlanOutput read(byte[] json) throws IOException {
        // 1. A document that ends with the kept tail's bytes: its head alone, read as if it had held
        //    the tail's keys (one of them in the head is a repeat), then the kept models.
        List<Kept> kept = KEPT.get();
        for (int i = 0; i < kept.size(); i++) {
            Kept k = kept.get(i);
            int tailAt = json.length - k.tail.length;
            if (tailAt > 0 && Arrays.equals(json, tailAt, json.length, k.tail, 0, k.tail.length)) {
                PlanOutput head = readHead(json, tailAt, k.keys);
                if (head != null) {
                    TAILS_TAKEN.incrementAndGet();
                    return new PlanOutput(head.version(), head.command(), head.filter(), head.statements(), head.planId(),
                            head.planKind(), k.models);
                }
                break; // the same tail, but not after a head that reads alone: read it in full
            }
        }
        // 2. Otherwise the whole document, as every other document is read (a refused head is
        //    refused again here, so the message names the document's own line and column).
        PlanOutput full = RockyJson.read(json, PlanOutput.class);
        // 3. Its tail kept for the next document, when it binds nothing but models.
        Set<String> tailKeys = new HashSet<>();
        int tailAt = scan(json, tailKeys);
        if (tailAt >= 0 && json.length - tailAt <= MAX_KEPT_BYTES && disjoint(tailKeys, BOUND_BEFORE)) {
            keep(new Kept(Arrays.copyOfRange(json, tailAt, json.length), Set.copyOf(tailKeys), full.models()));
        }
        return full;
    }

    /**
     * Puts {@code tail} first among the kept tails (an equal one kept before is dropped), and drops
     * the oldest past {@value #MAX_KEPT_TAILS} tails or {@value #MAX_KEPT_BYTES} bytes.
     */
    private static void keep(Kept tail) {
        KEPT.updateAndGet(kept -> {
            List<Kept> next = new java.util.ArrayList<>(MAX_KEPT_TAILS);
            next.add(tail);
            long bytes = tail.tail.length;
            for (Kept k : kept) {
                if (next.size() == MAX_KEPT_TAILS || bytes + k.tail.length > MAX_KEPT_BYTES) {
                    break;
                }
                if (!Arrays.equals(k.tail, tail.tail)) {
                    next.add(k);
                    bytes += k.tail.length;
                }
            }
            return List.copyOf(next);
        });
    }

    /**
     * Reads the root object's keys, skipping their values.
     *
     * @param tailKeys receives the root's keys from the tail's on
     * @return the byte offset of the tail's key (its opening quote), or -1 when there is none
     */
    private static int scan(byte[] json, Set<String> tailKeys) throws IOException {
        int tailAt = -1;
        try (JsonParser p = RockyJson.mapper().getFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (tailAt < 0 && key.equals(TAIL_KEY)) {
                    tailAt = (int) p.currentTokenLocation().getByteOffset();
                }
                if (tailAt >= 0) {
                    tailKeys.add(key);
                }
                p.nextToken();
                p.skipChildren();
            }
        }
        return tailAt >= 0 && json[tailAt] == '"' ? tailAt : -1;
    }

    /**
     * @param tailAt where the tail starts
     * @param tailKeys the tail's root keys
     * @return the head, the bytes before {@code tailAt} closed with a brace, bound alone as if its
     *     root had held {@code tailKeys}; null when the mapper refuses it, or when the bytes before
     *     the tail do not end with a comma after a member or with the root's opening brace
     */
    private static PlanOutput readHead(byte[] json, int tailAt, Set<String> tailKeys) {
        int end = skipWhitespaceBack(json, tailAt);
        if (end == 0) {
            return null;
        }
        if (json[end - 1] == ',') {
            end = skipWhitespaceBack(json, end - 1);
            if (end == 0 || json[end - 1] == ',' || json[end - 1] == '{') {
                return null; // "{ ," or ", ,": not JSON, whatever the head reads as
            }
        } else if (json[end - 1] != '{') {
            return null; // no comma between the last member and the tail
        }
        byte[] head = Arrays.copyOf(json, end + 1);
        head[end] = '}';
        try {
            return RockyJson.read(head, PlanOutput.class, tailKeys);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return the offset just after the last byte before {@code from} that is not JSON whitespace */
    private static int skipWhitespaceBack(byte[] json, int from) {
        int end = from;
        while (end > 0 && isWhitespace(json[end - 1])) {
            end--;
        }
        return end;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String s : a) {
            if (b.contains(s)) {
                return false;
            }
        }
        return true;
    }

    /** @return how many documents were read with a kept tail since this class was loaded (for tests) */
    static int tailsTaken() {
        return TAILS_TAKEN.get();
    }

    /** Forgets the kept tails (for tests). */
    static void forget() {
        KEPT.set(List.of());
    }
}
