package org.relman.process;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;

/**
 * The beans expressions in models may reach: those marked {@link ModelBean}, looked up when an expression first asks
 * (the engine is built before them).
 */
final class ModelBeans extends AbstractMap<Object, Object> {

  private final ApplicationContext context;
  private volatile Set<String> names;

  ModelBeans(ApplicationContext context) {
    this.context = context;
  }

  /** The model beans' names and their aliases (the names earlier model versions used). */
  private Set<String> names() {
    if (names == null) {
      names = Arrays.stream(context.getBeanNamesForAnnotation(ModelBean.class))
          .flatMap(name -> java.util.stream.Stream.concat(java.util.stream.Stream.of(name),
              Arrays.stream(context.getAliases(name))))
          .collect(Collectors.toUnmodifiableSet());
    }
    return names;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String name && names().contains(name);
  }

  @Override
  public Object get(Object key) {
    return containsKey(key) ? context.getBean((String) key) : null;
  }

  @Override
  public Set<Entry<Object, Object>> entrySet() {
    return names().stream().map(name -> Map.entry((Object) name, context.getBean(name)))
        .collect(Collectors.toUnmodifiableSet());
  }
}
