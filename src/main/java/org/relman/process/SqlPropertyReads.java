package org.relman.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ibatis.ognl.ObjectPropertyAccessor;
import org.apache.ibatis.ognl.OgnlContext;
import org.apache.ibatis.ognl.OgnlException;
import org.apache.ibatis.ognl.OgnlRuntime;

/**
 * How the engine's SQL mappings read a property of a query ({@code <if test="isTenantIdSet">}, {@code isOrQueryActive},
 * ...), as MyBatis's OGNL does, with one difference: a property without a {@code getX()} getter is a method named like
 * the property, and OGNL looks for it among all the class's methods, comparing each name in lower case, on every
 * read, where it caches what it finds for getters. A query class has a few hundred methods and its mapping reads a
 * few such properties every time it runs: 6 % of the CPU time of the unit and process tests (JFR). This accessor
 * remembers the method found (or that there is none) per class and property, and then reads as OGNL would: the method,
 * or else the field. Installed once per JVM by {@link RelmanEnginePlugin}, for objects OGNL has no other accessor for.
 */
final class SqlPropertyReads extends ObjectPropertyAccessor {

  private static volatile boolean installed;

  private final Map<Class<?>, Map<String, Optional<Method>>> readMethods = new ConcurrentHashMap<>();

  static synchronized void install() {
    if (!installed) {
      OgnlRuntime.setPropertyAccessor(Object.class, new SqlPropertyReads());
      installed = true;
    }
  }

  @Override
  public Object getPossibleProperty(OgnlContext context, Object target, String name) throws OgnlException {
    Class<?> type = target.getClass();
    if (OgnlRuntime.getGetMethod(type, name) != null) {
      // a getter: OGNL's own way, which caches it
      return super.getPossibleProperty(context, target, name);
    }
    Optional<Method> read = readMethods.computeIfAbsent(type, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, key -> Optional.ofNullable(OgnlRuntime.getReadMethod(type, key, null)));
    try {
      if (read.isPresent() && context.getMemberAccess().isAccessible(context, target, read.get(), name)) {
        return OgnlRuntime.invokeMethod(target, read.get(), new Object[0]);
      }
      return OgnlRuntime.getFieldValue(context, target, name, true);
    } catch (InvocationTargetException e) {
      throw new OgnlException(name, e.getTargetException());
    } catch (IllegalAccessException | NoSuchFieldException e) {
      throw new OgnlException(name, e);
    }
  }
}
