package org.relman.process;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/bench} with {@code relman.bench.enabled}: the SQL statements counted since the last reset (the
 * engine's and relman's own) and every external-task pickup time (p50, p95, max); {@code DELETE} resets both. For the
 * benchmarks under {@code bench/} only; release managers and administrators may read it, like every actuator endpoint.
 */
@Component
@Endpoint(id = "bench")
@ConditionalOnProperty(prefix = "relman.bench", name = "enabled", havingValue = "true")
public class BenchProbe {

  private final SqlCounting sql;
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> picked = new ConcurrentHashMap<>();
  private long[] pickups = new long[1024];
  private int size;

  BenchProbe(SqlCounting sql) {
    this.sql = sql;
  }

  /** The external task of this activity instance was committed in this node's engine, now. */
  void created(String activityInstanceId) {
    Long fetched = picked.remove(activityInstanceId);
    if (fetched != null) {
      // fetched before this commit listener ran: as fast as it gets
      add(0);
    } else {
      created.put(activityInstanceId, System.nanoTime());
    }
  }

  /**
   * A worker of this node fetched the external task of this activity instance. The time since its commit is measured
   * in this JVM: the engine's own creation time is whole seconds on MariaDB (Connector/J sends no fractions to a
   * server that announces itself as 5.5.5), and it is taken before the rest of the creating transaction runs. Tasks
   * created on another node are not counted.
   */
  void pickedUp(String activityInstanceId) {
    if (activityInstanceId == null) {
      return;
    }
    Long createdAt = created.remove(activityInstanceId);
    if (createdAt != null) {
      add((System.nanoTime() - createdAt) / 1000);
    } else {
      picked.put(activityInstanceId, System.nanoTime());
    }
  }

  private synchronized void add(long micros) {
    if (size == pickups.length) {
      pickups = Arrays.copyOf(pickups, size * 2);
    }
    pickups[size++] = micros;
  }

  @ReadOperation
  public synchronized Map<String, Object> read() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("engineStatements", sql.engineStatements());
    result.put("relmanStatements", sql.relmanStatements());
    result.put("engineStatementsOfGets", sql.engineStatementsOfGets());
    result.put("relmanStatementsOfGets", sql.relmanStatementsOfGets());
    result.put("topStatements", sql.top(25));
    long[] sorted = Arrays.copyOf(pickups, size);
    Arrays.sort(sorted);
    result.put("pickups", size);
    result.put("pickupP50Millis", size == 0 ? null : sorted[size / 2] / 1000.0);
    result.put("pickupP95Millis", size == 0 ? null : sorted[(int) Math.ceil(size * 0.95) - 1] / 1000.0);
    result.put("pickupMaxMillis", size == 0 ? null : sorted[size - 1] / 1000.0);
    return result;
  }

  @DeleteOperation
  public synchronized void reset() {
    sql.reset();
    created.clear();
    picked.clear();
    size = 0;
  }
}
