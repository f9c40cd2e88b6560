package dev.sluice.runtime.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLruTest {
  @Test
  void neverHoldsMoreThanItsCapacityForAnyCapacity() {
    for (int cap : new int[] {1, 2, 7, 15, 16, 17, 100, 1000}) {
      BoundedLru<String, Integer> lru = new BoundedLru<>(cap);
      for (int i = 0; i < cap * 20; i++) {
        lru.computeIfAbsent("k" + i, k -> 1);
        assertThat(lru.size(), lessThanOrEqualTo(cap));
      }
      assertThat("capacity " + cap, lru.size(), is(cap));
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedAndKeepsWhatIsInUse() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(1); // one segment: exact LRU
    AtomicInteger created = new AtomicInteger();
    lru.computeIfAbsent("a", k -> created.incrementAndGet());
    lru.computeIfAbsent("a", k -> created.incrementAndGet());
    assertThat(created.get(), is(1));
    lru.computeIfAbsent("b", k -> created.incrementAndGet());
    assertThat(lru.computeIfAbsent("a", k -> created.incrementAndGet()), is(3));

    BoundedLru<Integer, Integer> many = new BoundedLru<>(16 * 4);
    // keep touching key 0 while a flood of others passes through: it stays
    int zero = many.computeIfAbsent(0, k -> -1);
    for (int i = 1; i < 10_000; i++) {
      many.computeIfAbsent(i, k -> k);
      assertThat(many.computeIfAbsent(0, k -> 99), is(zero));
    }
  }

  @Test
  void concurrentUseStaysBounded() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(500);
    IntStream.range(0, 200_000).parallel().forEach(i -> lru.computeIfAbsent("k" + i, k -> i));
    assertThat(lru.size(), is(500));
  }
}
