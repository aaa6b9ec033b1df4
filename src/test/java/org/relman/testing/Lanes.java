package org.relman.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * The unit and process tests run in one JVM, test classes two at a time (surefire's JUnit configuration). Each class
 * that starts the application runs in a lane: a lane is what a JVM of its own used to be, its own Spring contexts,
 * in-memory databases, engines and directories under {@code target/}, so two classes running at once never see each
 * other's releases, jobs or clock, as before in two JVMs; what the lanes share is the JVM, its loaded classes and
 * compiled code, which is the point (one JVM starts and warms up once).
 *
 * <p>A class takes a free lane when Spring builds its test context (its thread, {@link Factory}) and gives it back
 * when the class is done ({@link Release}); the lane goes into the context's cache key and into the property
 * {@value #PROPERTY}, which {@code application-test.yml} and the bases with contexts of their own put in their
 * database names and directories. With {@value #COUNT} unset or 1 (failsafe, the IDE), every class is in lane 0.
 */
public final class Lanes {

  /** How many lanes, set by surefire to the number of test classes it runs at once. */
  public static final String COUNT = "relman.test.lanes";
  /** The lane of a context, {@code 0} to {@code lanes - 1}. */
  public static final String PROPERTY = "relman.test.lane";

  private static final int LANES = Math.max(1, Integer.getInteger(COUNT, 1));
  private static final Semaphore FREE = new Semaphore(LANES);
  private static final AtomicIntegerArray TAKEN = new AtomicIntegerArray(LANES);
  private static final ThreadLocal<Integer> HELD = new ThreadLocal<>();

  private Lanes() {
  }

  /** How many lanes there are. */
  public static int count() {
    return LANES;
  }

  /** The lane this thread's test class runs in (0 outside one). */
  public static int current() {
    Integer held = HELD.get();
    return held == null ? 0 : held;
  }

  /** The lane this thread's test class runs in, taken now (waiting for one to be free) if it has none yet. */
  static int take() {
    Integer held = HELD.get();
    if (held != null) {
      return held;
    }
    if (LANES == 1) {
      return 0;
    }
    FREE.acquireUninterruptibly();
    for (int lane = 0; lane < LANES; lane++) {
      if (TAKEN.compareAndSet(lane, 0, 1)) {
        HELD.set(lane);
        return lane;
      }
    }
    throw new IllegalStateException("a lane was free but none could be taken");
  }

  /** Gives this thread's lane back, if it holds one. */
  static void giveBack() {
    Integer held = HELD.get();
    if (held != null) {
      HELD.remove();
      TAKEN.set(held, 0);
      FREE.release();
    }
  }

  /** Puts the lane of the test class being prepared on this thread into its context (and so its cache key). */
  public static final class Factory implements ContextCustomizerFactory {
    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
        List<ContextConfigurationAttributes> configAttributes) {
      return new Lane(take());
    }
  }

  /**
   * Gives the lane back when the test class is done: one of Spring's default test listeners (spring.factories), and
   * named by {@code RelmanTestBase}, which replaces the defaults. A class without it would keep its lane.
   */
  public static final class Release implements TestExecutionListener {
    @Override
    public void afterTestClass(TestContext testContext) {
      giveBack();
    }
  }

  private static final class Lane implements ContextCustomizer {
    private final int number;

    Lane(int number) {
      this.number = number;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
      context.getEnvironment().getPropertySources()
          .addLast(new MapPropertySource("relman-test-lane", Map.of(PROPERTY, String.valueOf(number))));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Lane lane && lane.number == number;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Lane.class, number);
    }
  }
}
