package org.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The CI kits under {@code ci/}, checked as far as they can be without the CI systems: the YAML parses and has the shape
 * its CI system reads, the shell in them is valid bash, and every CLI command and option they use exists, so renaming
 * an option breaks the build rather than somebody's pipeline.
 */
class CiKitsTest {

  private static final Path CI = Path.of("ci");
  private static final Pattern CLI_CALL = Pattern.compile(
      "(?:\\brelman|relman-cli\\.jar|\\$RELMAN_CLI_JAR\"?)\\s+(request|gate|wait|callback|status)\\b((?:[^\\n']|\\\\\\n)*)");
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*)");
  private static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([a-z-]+)\\s*}}");

  @Test
  void githubActionIsACompositeActionWhoseInputsAndCliOptionsExist() throws Exception {
    String text = read("github-action/action.yml");
    Map<String, Object> action = yaml(text);

    assertThat(action).containsKeys("name", "description", "inputs", "outputs", "runs");
    Map<String, Object> runs = map(action.get("runs"));
    assertThat(runs.get("using")).isEqualTo("composite");
    Set<String> inputs = map(action.get("inputs")).keySet();
    Matcher used = INPUT.matcher(text);
    while (used.find()) {
      assertThat(inputs).as("input %s is declared", used.group(1)).contains(used.group(1));
    }
    List<Map<String, Object>> steps = list(runs.get("steps"));
    Map<String, Object> step = steps.stream().filter(s -> "relman".equals(s.get("id"))).findFirst().orElseThrow();
    assertThat(step.get("shell")).isEqualTo("bash");
    String script = (String) step.get("run");
    assertBashSyntax(script, "action.yml");
    assertThat(CI.resolve("github-action/../../bin/relman")).as("the CLI the action runs").isExecutable();
    // every option the script passes is one of the CLI's (the action builds the command from its inputs)
    Set<String> known = new HashSet<>(Relman.GLOBAL);
    List.of(RequestCommand.OPTIONS, GateCommand.OPTIONS, WaitCommand.OPTIONS, CallbackCommand.OPTIONS)
        .forEach(known::addAll);
    Matcher options = OPTION.matcher(script);
    while (options.find()) {
      assertThat(known).as("option --%s of action.yml", options.group(1)).contains(options.group(1));
    }
  }

  @Test
  void gitlabTemplateDefinesHiddenJobsThatExtendEachOtherAndCallTheCliAsItIs() throws Exception {
    String text = read("gitlab/relman.gitlab-ci.yml");
    Map<String, Object> template = yaml(text);

    assertThat(template).containsKeys(".relman", ".relman-request", ".relman-gate", ".relman-wait-for-go",
        ".relman-callback");
    for (Map.Entry<String, Object> job : template.entrySet()) {
      if (job.getKey().equals("variables")) {
        continue;
      }
      assertThat(job.getKey()).as("templates are hidden jobs").startsWith(".");
      Map<String, Object> body = map(job.getValue());
      if (body.containsKey("extends")) {
        assertThat(template).as("%s extends", job.getKey()).containsKey((String) body.get("extends"));
      }
      for (String section : List.of("before_script", "script", "after_script")) {
        for (Object line : body.get(section) == null ? List.of() : list(body.get(section))) {
          assertBashSyntax(String.valueOf(line), job.getKey() + " " + section);
          assertCliCalls(String.valueOf(line), job.getKey());
        }
      }
    }
    assertThat(cliCalls(text)).as("commands the template uses").contains("request", "gate", "wait", "callback");
  }

  @Test
  void jenkinsfileIsADeclarativePipelineThatCallsTheCliAsItIs() throws Exception {
    String text = read("jenkins/Jenkinsfile");

    assertThat(text).contains("pipeline {", "stages {", "credentials('relman-token')",
        "credentials('relman-webhook-secret')");
    assertThat(count(text, '{')).as("braces balance").isEqualTo(count(text, '}'));
    assertThat(count(text, '(')).as("parentheses balance").isEqualTo(count(text, ')'));
    assertThat(text.split("'''", -1).length % 2).as("''' blocks are closed").isEqualTo(1);
    assertCliCalls(text, "Jenkinsfile");
    assertThat(cliCalls(text)).contains("request", "gate", "wait");
  }

  @Test
  void ciReadmeNamesEveryKit() throws Exception {
    String readme = read("README.md");

    assertThat(readme).contains("github-action/action.yml", "gitlab/relman.gitlab-ci.yml", "jenkins/Jenkinsfile");
    // the pipeline shown there uses the action's inputs as they are
    Set<String> inputs = map(yaml(read("github-action/action.yml")).get("inputs")).keySet();
    String example = readme.substring(readme.indexOf("```yaml"), readme.indexOf("```", readme.indexOf("```yaml") + 7));
    for (Object job : map(map(yaml(example.substring("```yaml".length()))).get("jobs")).values()) {
      for (Map<String, Object> step : CiKitsTest.<Map<String, Object>>list(map(job).get("steps"))) {
        if (String.valueOf(step.get("uses")).contains("ci/github-action")) {
          assertThat(inputs).containsAll(map(step.get("with")).keySet());
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- checks

  private static void assertCliCalls(String text, String where) {
    Matcher call = CLI_CALL.matcher(text);
    while (call.find()) {
      String command = call.group(1);
      Set<String> known = new HashSet<>(Relman.GLOBAL);
      switch (command) {
        case "request" -> known.addAll(RequestCommand.OPTIONS);
        case "gate" -> known.addAll(GateCommand.OPTIONS);
        case "wait" -> known.addAll(WaitCommand.OPTIONS);
        case "callback" -> known.addAll(CallbackCommand.OPTIONS);
        default -> known.addAll(StatusCommand.OPTIONS);
      }
      Matcher options = OPTION.matcher(call.group(2));
      while (options.find()) {
        assertThat(known).as("%s: option --%s of relman %s", where, options.group(1), command).contains(options.group(1));
      }
    }
  }

  private static List<String> cliCalls(String text) {
    List<String> commands = new ArrayList<>();
    Matcher call = CLI_CALL.matcher(text);
    while (call.find()) {
      commands.add(call.group(1));
    }
    return commands;
  }

  private static void assertBashSyntax(String script, String where) throws IOException, InterruptedException {
    Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    bash.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("bash -n of %s:\n%s\n%s", where, script, output).isZero();
  }

  // ---------------------------------------------------------------------------------------------- reading

  private static String read(String file) throws IOException {
    return Files.readString(CI.resolve(file));
  }

  private static Map<String, Object> yaml(String text) {
    return map(new Yaml().load(text));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return new LinkedHashMap<>((Map<String, Object>) value);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<T>) value;
  }

  private static long count(String text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
