package org.relman.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.ExternalTaskClientBuilder;
import org.camunda.bpm.client.backoff.ExponentialBackoffStrategy;
import org.camunda.bpm.client.exception.ExternalTaskClientException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.relman.RelmanProperties;
import org.relman.shared.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Serves the external-task topics of the models with the {@link Worker}s, over {@code /engine-rest} with long
 * polling: the one place that binds topics to workers. Each worker gets {@code relman.workers.concurrency} clients
 * (one task at a time each), so a long deployment does not hold up the other steps.
 *
 * <p>The client is the Apache-2.0 Camunda 7 external-task client, which talks plain REST to Operaton; this class is
 * its only user, so switching to Operaton's own client when it is available is a change here only.
 */
@Component
@ConditionalOnProperty(prefix = "relman.workers", name = "enabled", havingValue = "true", matchIfMissing = true)
class ExternalTaskWorkers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ExternalTaskWorkers.class);
  private static final int SHUTDOWN_GRACE_SECONDS = 30;

  private final List<Worker> workers;
  private final RelmanProperties.Workers settings;
  private final WorkerCredentials credentials;
  private final ApplicationContext context;
  private final WorkerMeters meters;
  private final List<ExternalTaskClient> clients = new ArrayList<>();
  private ExecutorService work;
  private volatile boolean running;

  private final Duration pollInterval;

  ExternalTaskWorkers(List<Worker> workers, RelmanProperties properties, WorkerCredentials credentials,
      ApplicationContext context, WorkerMeters meters, BenchProperties bench) {
    this.pollInterval = bench.pollInterval();
    this.workers = workers;
    this.settings = properties.workers();
    this.credentials = credentials;
    this.context = context;
    this.meters = meters;
  }

  @Override
  public void start() {
    work = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "relman-worker");
      thread.setDaemon(true);
      return thread;
    });
    String engine = engineUrl();
    // one name for this node's workers, host and a suffix of its own: what the engine tells lock holders apart by
    String node = NodeName.draw();
    for (Worker worker : workers) {
      for (int i = 1; i <= Math.max(1, settings.concurrency()); i++) {
        ExternalTaskClientBuilder builder = ExternalTaskClient.create()
            .baseUrl(engine)
            .workerId(node + "/" + worker.topic() + "/" + i)
            // the workers' token, never a password: nobody can guess or lock the workers' user by signing in
            .addInterceptor(request -> request.addHeader("Authorization", "Bearer " + credentials.password()))
            .maxTasks(1)
            .lockDuration(lockDuration(worker).toMillis());
        if (pollInterval == null) {
          // with long polling the server holds the request until work arrives: no extra back-off between polls
          builder.asyncResponseTimeout(settings.longPoll().toMillis()).disableBackoffStrategy();
        } else {
          // relman.bench.poll-interval: a fixed pause after each empty fetch, for the pickup benchmark's comparison
          builder.backoffStrategy(new ExponentialBackoffStrategy(pollInterval.toMillis(), 1, pollInterval.toMillis()));
        }
        ExternalTaskClient client = builder.build();
        client.subscribe(worker.topic())
            .lockDuration(lockDuration(worker).toMillis())
            .handler((task, service) -> handleOnWorkThread(worker, task, service))
            .open();
        clients.add(client);
      }
    }
    running = true;
    log.info("Workers for {} polling {} as {}", workers.stream().map(Worker::topic).sorted().toList(), engine, node);
  }

  /** Runs the work on a thread of our own, so that shutting down can interrupt it. */
  private void handleOnWorkThread(Worker worker, ExternalTask task, ExternalTaskService service) {
    Future<?> done;
    try {
      done = work.submit(() -> handle(worker, task, service));
    } catch (RejectedExecutionException shuttingDown) {
      return;
    }
    try {
      done.get();
    } catch (InterruptedException e) {
      done.cancel(true);
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.error("{}: task {} failed unexpectedly", worker.topic(), task.getId(), e.getCause());
    }
  }

  private void handle(Worker worker, ExternalTask task, ExternalTaskService service) {
    meters.pickedUp(worker.topic(), task.getCreateTime(), task.getActivityInstanceId());
    try {
      WorkAnswers.work(worker, new ClientWorkItem(task, service), new ClientDeliveredTask(task, service));
    } catch (InterruptedException e) {
      // shutting down: the lock expires and the task is delivered again
      Thread.currentThread().interrupt();
    } catch (ExternalTaskClientException e) {
      // the engine refused the answer (the release was cancelled meanwhile, or the lock was lost): the outcome is
      // recorded, and a redelivery replays it
      log.warn("{}: could not report task {} of process instance {}: {}", worker.topic(), task.getId(),
          task.getProcessInstanceId(), e.getMessage());
    }
  }

  /**
   * Lets steps in progress finish for up to {@value #SHUTDOWN_GRACE_SECONDS} s, then interrupts them (a deploy command
   * is stopped; after the restart it runs again under the same deployment id), then stops every client at once.
   */
  @Override
  public void stop() {
    running = false;
    work.shutdown();
    try {
      if (!work.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Stopping steps still in progress after {} s; they run again after the restart", SHUTDOWN_GRACE_SECONDS);
        work.shutdownNow();
        work.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      work.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // each stop waits for its long poll in flight: stop them together, one thread each
    List<Thread> stopping = clients.stream().map(client -> new Thread(client::stop, "relman-worker-stop")).toList();
    stopping.forEach(Thread::start);
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    clients.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** A worker's own lock duration, or {@code relman.workers.lock-duration}. */
  private Duration lockDuration(Worker worker) {
    return worker.lockDuration() == null ? settings.lockDuration() : worker.lockDuration();
  }

  private String engineUrl() {
    if (settings.engineUrl() != null && !settings.engineUrl().isBlank()) {
      return settings.engineUrl();
    }
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    String contextPath = context.getEnvironment().getProperty("server.servlet.context-path", "");
    return "http://localhost:" + port + contextPath + "/engine-rest";
  }

  /** The REST client's side of a delivery. */
  private record ClientDeliveredTask(ExternalTask task, ExternalTaskService service) implements DeliveredTask {

    @Override
    public Integer retries() {
      return task.getRetries();
    }

    @Override
    public void complete(java.util.Map<String, Object> variables) {
      service.complete(task, variables);
    }

    @Override
    public void bpmnError(String code, String message) {
      service.handleBpmnError(task, code, message);
    }

    @Override
    public void extendLock(long millis) {
      service.extendLock(task, millis);
    }

    @Override
    public void failure(String message, String details, int retriesLeft, long retryTimeoutMillis) {
      service.handleFailure(task, message, details, retriesLeft, retryTimeoutMillis);
    }
  }

  /** A delivery through the REST client, as the worker sees it. */
  private record ClientWorkItem(ExternalTask task, ExternalTaskService service) implements WorkItem {

    @Override
    public String businessKey() {
      return task.getBusinessKey();
    }

    @Override
    public String processInstanceId() {
      return task.getProcessInstanceId();
    }

    @Override
    public String activityInstanceId() {
      return task.getActivityInstanceId();
    }

    @Override
    public String externalTaskId() {
      return task.getId();
    }

    @Override
    public String workerId() {
      return task.getWorkerId();
    }

    @Override
    public Integer retries() {
      return task.getRetries();
    }

    @Override
    public <T> T variable(String name) {
      return task.getVariable(name);
    }

    @Override
    public void extendLock(Duration duration) {
      service.extendLock(task, duration.toMillis());
    }
  }
}
