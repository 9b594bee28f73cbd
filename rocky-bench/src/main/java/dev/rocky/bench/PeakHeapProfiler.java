package dev.rocky.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.rocky.bench.PeakHeapProfiler}) reporting {@code peak.heap}: the
 * most heap in use at any moment of a measured iteration, in MiB — the largest sum of the heap
 * pools' usage just before a collection, or at the iteration's end when that is larger. The
 * benchmark's aggregate is the maximum over iterations. It includes what the benchmark's state
 * holds (e.g. a loaded project), as a process doing the same work would.
 */
public final class PeakHeapProfiler implements InternalProfiler {

    private static final AtomicLong PEAK = new AtomicLong();
    private static volatile boolean listening;

    @Override
    public String getDescription() {
        return "peak heap in use during each measured iteration (MiB)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        listen();
        PEAK.set(heapUsed());
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        PEAK.accumulateAndGet(heapUsed(), Math::max);
        return List.of(new ScalarResult("peak.heap", PEAK.get() / (1024.0 * 1024.0), "MiB", AggregationPolicy.MAX));
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static synchronized void listen() {
        if (listening) {
            return;
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) notification.getUserData());
                        PEAK.accumulateAndGet(heapBefore(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                    }
                }, null, null);
            }
        }
        listening = true;
    }

    private static long heapBefore(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pools.get(pool.getName());
            if (usage != null && pool.getType() == MemoryType.HEAP) {
                used += usage.getUsed();
            }
        }
        return used;
    }
}
