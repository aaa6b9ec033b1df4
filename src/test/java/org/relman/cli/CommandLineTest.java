package org.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.relman.testing.Api;

/** The CLI's pieces without a server: reading the command line, JSON both ways, signing, and when a wait is over. */
class CommandLineTest {

  @Test
  void optionsAreReadInEitherFormAnywhereOnTheLine() {
    Args args = Args.parse(new String[] {"--url=http://x", "gate", "--gate", "build", "--hotfix", "--service", "a",
        "--service", "b"}, Set.of("hotfix"));

    assertThat(args.words()).containsExactly("gate");
    assertThat(args.one("url")).isEqualTo("http://x");
    assertThat(args.one("gate")).isEqualTo("build");
    assertThat(args.flag("hotfix")).isTrue();
    assertThat(args.all("service")).containsExactly("a", "b");
  }

  @Test
  void durationsAreReadAsIsoOrAsANumberWithAUnit() {
    assertThat(duration("PT30M")).isEqualTo(Duration.ofMinutes(30));
    assertThat(duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(duration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(duration("2h")).isEqualTo(Duration.ofHours(2));
    for (String bad : List.of("soon", "0s", "-5s", "PT-1M", "5d", "")) {
      assertThatThrownBy(() -> duration(bad)).as(bad).isInstanceOfSatisfying(Exit.Failure.class,
          f -> assertThat(f.exit).isEqualTo(Exit.USAGE));
    }
  }

  @Test
  void anOptionGivenTwiceOrWithoutItsValueIsAMistake() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--gate", "a", "--gate", "b"}, Set.of()).one("gate"))
        .hasMessageContaining("--gate is given 2 times");
    assertThatThrownBy(() -> Args.parse(new String[] {"gate", "--status"}, Set.of())).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Args.parse(new String[] {"--hotfix=yes"}, Set.of("hotfix"))).hasMessageContaining("no value");
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonIsWrittenAndReadBack() {
    Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 ünïcode");
    value.put("list", List.of(1, 2.5, true));
    value.put("none", null);
    value.put("nested", Map.of("n", new BigDecimal("81.5")));

    Object read = Json.parse(Json.write(value));

    assertThat(Json.text(read, "text")).isEqualTo(value.get("text"));
    assertThat((List<Object>) Json.list(read, "list")).containsExactly(new BigDecimal("1"), new BigDecimal("2.5"), true);
    assertThat(Json.path(read, "none")).isNull();
    assertThat(Json.text(read, "nested", "n")).isEqualTo("81.5");
    assertThat(Json.parse(" {\"a\" : [ ] , \"b\":{}, \"c\":\"\\u00e9\"} ")).isEqualTo(Map.of("a", List.of(), "b", Map.of(),
        "c", "é"));
    for (String bad : List.of("{", "[1,]x", "\"open", "{\"a\" 1}", "nul", "{} {}")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void signatureIsTheOneRelmanComputesFromApiMd() {
    byte[] body = "{\"status\":\"PASSED\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(Client.sign("s3cret", 1_767_225_600L, "/api/releases/by-version/2026.12.0/gates/build", body))
        .isEqualTo(Api.hmac("s3cret").sign(1_767_225_600L, "/api/releases/by-version/2026.12.0/gates/build", body))
        .startsWith("sha256=");
  }

  @Test
  void goIsReachedByTheDecisionOrAStatusOnlyAGoLeadsTo() {
    assertThat(WaitCommand.verdict("go", view("AWAITING_APPROVAL"))).isEqualTo(WaitCommand.Verdict.NOT_YET);
    assertThat(WaitCommand.verdict("go", view("AWAITING_APPROVAL", "RESCHEDULE"))).isEqualTo(WaitCommand.Verdict.NOT_YET);
    assertThat(WaitCommand.verdict("go", view("AWAITING_APPROVAL", "GO"))).isEqualTo(WaitCommand.Verdict.REACHED);
    assertThat(WaitCommand.verdict("go", view("DEPLOYING"))).isEqualTo(WaitCommand.Verdict.REACHED);
    assertThat(WaitCommand.verdict("go", view("CANCELLED"))).isEqualTo(WaitCommand.Verdict.NEVER);
    assertThat(WaitCommand.verdict("status:COMPLETED", view("ROLLED_BACK"))).isEqualTo(WaitCommand.Verdict.NEVER);
    assertThat(WaitCommand.verdict("status:MONITORING", view("DEPLOYING"))).isEqualTo(WaitCommand.Verdict.NOT_YET);
    assertThat(WaitCommand.target("completed")).isEqualTo("status:COMPLETED");
    assertThat(WaitCommand.target("status:in_review")).isEqualTo("status:IN_REVIEW");
  }

  private static Duration duration(String text) {
    return Args.parse(new String[] {"--timeout", text}, Set.of()).duration("timeout", null);
  }

  private static Object view(String status, String... decisions) {
    List<Object> approvals = new java.util.ArrayList<>();
    for (int i = 0; i < decisions.length; i++) {
      approvals.add(Map.of("kind", "go-no-go", "decision", decisions[i], "at", "2026-12-0" + (i + 1) + "T10:00:00Z"));
    }
    return Json.parse(Json.write(Map.of("status", status, "approvals", approvals)));
  }
}
