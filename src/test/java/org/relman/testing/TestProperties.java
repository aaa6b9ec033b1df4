package org.relman.testing;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.relman.RelmanProperties;

/**
 * Builds {@link RelmanProperties} by component name, so tests that hand-make settings keep compiling when a new
 * setting is added (its component is simply null, or kept from the base).
 */
public final class TestProperties {

  private TestProperties() {}

  /** Settings with these components ({@code "deploy", deploy, "workers", workers, ...}); the rest null. */
  public static RelmanProperties of(Object... namesAndValues) {
    return with(null, namesAndValues);
  }

  /** A copy of {@code base} with these components replaced. */
  public static RelmanProperties with(RelmanProperties base, Object... namesAndValues) {
    Map<String, Object> given = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      given.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    RecordComponent[] components = RelmanProperties.class.getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        String name = components[i].getName();
        if (given.containsKey(name)) {
          values[i] = given.remove(name);
        } else if (base != null) {
          values[i] = components[i].getAccessor().invoke(base);
        }
      }
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("RelmanProperties has no components " + given.keySet());
      }
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      return RelmanProperties.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
