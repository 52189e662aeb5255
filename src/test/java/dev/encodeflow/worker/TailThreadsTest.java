package dev.encodeflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Threads per task: one per slot while work waits; a claim that empties the queue shares the pool's. */
class TailThreadsTest {

    private static WorkerConfig pool(int slots, boolean tailBoost) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "slots" -> OptionalInt.of(slots);
            case "threadsPerSlot" -> 1;
            case "tailBoost" -> tailBoost;
            default -> InvocationHandler.invokeDefault(proxy, method, args);
        };
        return (WorkerConfig) Proxy.newProxyInstance(WorkerConfig.class.getClassLoader(),
                new Class<?>[] {WorkerConfig.class}, handler);
    }

    @Test
    void aClaimThatEmptiesTheQueueSharesThePoolsThreadsAmongItsTasks() {
        WorkerConfig two = pool(2, true);
        assertThat(two.threadsFor(1, false, 1)).as("work waits").isEqualTo(1);
        assertThat(two.threadsFor(1, true, 1)).as("the last chunk, claimed alone").isEqualTo(2);
        assertThat(two.threadsFor(1, true, 2)).as("two chunks claimed together").isEqualTo(1);
        WorkerConfig sixteen = pool(16, true);
        assertThat(sixteen.threadsFor(1, true, 4)).isEqualTo(4);
        assertThat(sixteen.threadsFor(2, true, 4)).isEqualTo(8);
        assertThat(sixteen.threadsFor(4, false, 4)).isEqualTo(4);
        assertThat(pool(16, false).threadsFor(1, true, 1)).as("tail boost off").isEqualTo(1);
    }
}
