package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.relman.process.WorkerCredentials;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** Bad input on {@code /engine-rest} is the caller's problem, as on relman's API: 4xx, never a server error. */
class EngineRestBadInputTest extends RelmanTestBase {

  @Autowired
  WorkerCredentials worker;

  @Test
  void aFetchWithoutAWorkerIdIsABadRequest() {
    Api.Response response = api(null).send(api(null).request("/engine-rest/external-task/fetchAndLock")
        .header("Authorization", "Bearer " + worker.password()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"maxTasks\":1,\"topics\":[]}")));

    assertThat(response.status()).as("%s", response).isEqualTo(400);
    assertThat(response.body()).contains("workerId");
  }

  @Test
  void completingATaskThatDoesNotExistIsNotFound() {
    Api.Response response = api("alice").post("/engine-rest/task/no-such-task/complete", "{}");

    assertThat(response.status()).as("%s", response).isEqualTo(404);
  }

  @Test
  void claimingATaskThatDoesNotExistIsNotAServerError() {
    Api.Response response = api("alice").post("/engine-rest/task/no-such-task/claim", "{\"userId\":\"alice\"}");

    assertThat(response.status()).as("%s", response).isBetween(400, 499);
  }
}
