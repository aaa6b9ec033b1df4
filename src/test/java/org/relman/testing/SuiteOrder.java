package org.relman.testing;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.ClassDescriptor;

/**
 * The order surefire hands the test classes to JUnit's two threads (pom.xml): the thread that forks the classes runs
 * them from the end of this order, the other takes them from its start. So the classes that need no application come
 * last, and run first, while the other thread starts the first application; the classes on {@link PromotionTestBase}
 * come first: they share its fakes and run one after the other (their resource lock), the longest chain of the run,
 * which must not be what is left at its end. Within each group, by name, so a run is repeatable.
 */
public class SuiteOrder implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparingInt(SuiteOrder::group)
        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
  }

  private static int group(ClassDescriptor descriptor) {
    Class<?> test = descriptor.getTestClass();
    if (PromotionTestBase.class.isAssignableFrom(test)) {
      return 0;
    }
    return RelmanTestBase.class.isAssignableFrom(test) ? 1 : 2;
  }
}
