package dev.rocky.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocky.core.error.ErrorCode;
import dev.rocky.core.error.StateException;
import dev.rocky.core.port.RefreshLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRefreshLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderFailsClearlyWhenItWillNotWait() {
        FileRefreshLock lock = new FileRefreshLock(dir.resolve("state/refresh.lock"));
        try (RefreshLock.Lease held = lock.acquire(Duration.ZERO)) {
            assertThatThrownBy(() -> new FileRefreshLock(dir.resolve("state/refresh.lock")).acquire(Duration.ZERO))
                    .isInstanceOfSatisfying(StateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STATE_LOCKED);
                        assertThat(e.getMessage()).contains("refresh.lock").contains("refresh_lock_wait_seconds");
                    });
        }
        try (RefreshLock.Lease again = lock.acquire(Duration.ZERO)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aWaitingHolderGetsTheLockWhenTheFirstReleasesIt() throws Exception {
        FileRefreshLock lock = new FileRefreshLock(dir.resolve("refresh.lock"));
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (RefreshLock.Lease l = lock.acquire(Duration.ZERO)) {
                taken.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try (RefreshLock.Lease l = lock.acquire(Duration.ofSeconds(10))) {
                return true;
            }
        });
        Thread.sleep(200);
        assertThat(second).isNotDone();
        release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closingALeaseTwiceIsHarmless() {
        FileRefreshLock lock = new FileRefreshLock(dir.resolve("refresh.lock"));
        RefreshLock.Lease lease = lock.acquire(Duration.ZERO);
        lease.close();
        lease.close();
        lock.acquire(Duration.ZERO).close();
    }
}
