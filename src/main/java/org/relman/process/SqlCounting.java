package org.relman.process;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With {@code relman.bench.enabled}: wraps the data source so that every SQL statement executed is counted, the
 * engine's (run through MyBatis, which only the engine uses) apart from relman's own (JdbcTemplate, Flyway). A batch
 * counts as its statements. A JDK proxy, no library: the benchmarks only need the counts.
 */
@Component
@ConditionalOnProperty(prefix = "relman.bench", name = "enabled", havingValue = "true")
public class SqlCounting implements BeanPostProcessor {

  private static final StackWalker STACK = StackWalker.getInstance();

  /** Set while a GET request is served: what reads cost is counted apart from the work that moves releases. */
  private static final ThreadLocal<Boolean> SERVING_GET = new ThreadLocal<>();

  private final AtomicLong engine = new AtomicLong();
  private final AtomicLong relman = new AtomicLong();
  private final AtomicLong engineOfGets = new AtomicLong();
  private final AtomicLong relmanOfGets = new AtomicLong();
  /** Statements by their text (the first 160 characters), not counting GET requests. */
  private final Map<String, LongAdder> byText = new ConcurrentHashMap<>();

  /** A servlet filter that marks GET requests for {@link SqlCounting}; first, so a GET's sign-in counts as the GET's. */
  @Component
  @ConditionalOnProperty(prefix = "relman.bench", name = "enabled", havingValue = "true")
  @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
  public static class GetRequests extends org.springframework.web.filter.OncePerRequestFilter {
    @Override
    protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
        jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
        throws jakarta.servlet.ServletException, java.io.IOException {
      if (!"GET".equals(request.getMethod())) {
        chain.doFilter(request, response);
        return;
      }
      SERVING_GET.set(Boolean.TRUE);
      try {
        chain.doFilter(request, response);
      } finally {
        SERVING_GET.remove();
      }
    }
  }

  public long engineStatements() {
    return engine.get();
  }

  public long relmanStatements() {
    return relman.get();
  }

  public long engineStatementsOfGets() {
    return engineOfGets.get();
  }

  public long relmanStatementsOfGets() {
    return relmanOfGets.get();
  }

  /** The {@code limit} statements run most often since the last reset, not counting GET requests, most first. */
  public Map<String, Long> top(int limit) {
    Map<String, Long> top = new LinkedHashMap<>();
    byText.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(limit)
        .forEach(e -> top.put(e.getKey(), e.getValue().sum()));
    return top;
  }

  public void reset() {
    byText.clear();
    engine.set(0);
    relman.set(0);
    engineOfGets.set(0);
    relmanOfGets.set(0);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
      return proxy(DataSource.class, dataSource, (target, method, args) -> {
        Object result = method.invoke(target, args);
        return result instanceof Connection connection ? proxy(Connection.class, connection, this::connection) : result;
      });
    }
    return bean;
  }

  private Object connection(Object target, Method method, Object[] args) throws Throwable {
    Object result = method.invoke(target, args);
    String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
    if (result instanceof CallableStatement statement) {
      return proxy(CallableStatement.class, statement, new Counter(sql));
    }
    if (result instanceof PreparedStatement statement) {
      return proxy(PreparedStatement.class, statement, new Counter(sql));
    }
    if (result instanceof Statement statement && method.getName().equals("createStatement")) {
      return proxy(Statement.class, statement, new Counter(null));
    }
    return result;
  }

  /** Counts the executions of one statement; a batch counts as the statements added to it. */
  private final class Counter implements Call {
    private final String sql;
    private int batched;

    Counter(String sql) {
      this.sql = sql;
    }

    @Override
    public Object invoke(Object target, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("addBatch")) {
        batched++;
      } else if (name.equals("clearBatch")) {
        batched = 0;
      } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
        count(Math.max(1, batched), sql);
        batched = 0;
      } else if (name.startsWith("execute")) {
        count(1, sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String text ? text : "?");
      }
      return method.invoke(target, args);
    }
  }

  private void count(int statements, String sql) {
    boolean byEngine = STACK.walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("org.apache.ibatis.")));
    boolean get = SERVING_GET.get() != null;
    (byEngine ? get ? engineOfGets : engine : get ? relmanOfGets : relman).addAndGet(statements);
    if (!get && sql != null) {
      String text = (byEngine ? "engine: " : "relman: ") + sql.strip().replaceAll("\\s+", " ");
      byText.computeIfAbsent(text.length() > 160 ? text.substring(0, 160) : text, t -> new LongAdder()).add(statements);
    }
  }

  private interface Call {
    Object invoke(Object target, Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Call call) {
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "equals":
          return args[0] == proxy;
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          try {
            return call.invoke(target, method, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
      }
    };
    return type.cast(Proxy.newProxyInstance(SqlCounting.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
