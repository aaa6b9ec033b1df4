package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.relman.testing.Browser;
import org.relman.testing.PagesTestBase;

/**
 * Operaton's Tasklist in a real headless Chromium, where relman's answers show up in a page relman did not write: a QA
 * engineer who claimed a sign-off and filled in its form presses Complete after the same task was completed elsewhere
 * (a second tab, relman's own task page). Tasklist shows relman's answer, that the task is already done, when and by
 * whom, instead of the engine's "Cannot find task".
 */
class TasklistBrowserTest extends PagesTestBase {

  @Test
  void completingATaskDoneElsewhereMeanwhileSaysItIsAlreadyDoneAndByWhom() {
    String base = "http://localhost:" + port;
    try (Browser browser = Browser.start()) {
      browser.open(base + "/operaton/app/tasklist/default/");
      browser.waitFor(By.cssSelector("input[ng-model='username'], input#inputUsername, input[name='username']"))
          .sendKeys("bob");
      browser.driver().findElement(By.cssSelector("input[type='password']")).sendKeys("bob");
      browser.driver().findElement(By.cssSelector("button[type='submit']")).click();
      browser.until(d -> String.valueOf(browser.script("return document.body.innerText;")).contains("Start process"));

      // Tasklist looks at the open task again every ten seconds and disables one it no longer finds: when that falls
      // between the completion elsewhere and the click (a few milliseconds), the click never reaches relman; again
      for (int attempt = 1; ; attempt++) {
        long id = awaitingQaSignOff("alice");
        String qaTask = approvalTask(id, "qa-signoff").getId();
        browser.open(base + "/operaton/app/tasklist/default/#/?task=" + qaTask);
        browser.waitFor(By.cssSelector("button.claim")).click();
        browser.waitFor(By.cssSelector("input[type='checkbox']")).click();
        browser.until(d -> browser.script("const b = [...document.querySelectorAll('button')]"
            + ".find(x => x.textContent.trim() === 'Complete'); return b && !b.disabled;"));

        assertThat(complete("bob", qaTask, Map.of("approved", true, "comment", "")).status())
            .as("completed in relman's own task page meanwhile").isEqualTo(204);
        Object clicked = browser.script("const b = [...document.querySelectorAll('button')]"
            + ".find(x => x.textContent.trim() === 'Complete'); if (b.disabled) return false; b.click(); return true;");
        if (!Boolean.TRUE.equals(clicked) && attempt < 3) {
          continue;
        }
        assertThat(clicked).as("Complete still enabled when pressed").isEqualTo(true);

        String shown = browser.until(d -> {
          Object text = browser.script("return document.body.innerText;");
          return text != null && text.toString().contains("is already done") ? text.toString() : null;
        });
        assertThat(shown).contains("Task " + qaTask + " is already done (completed at").contains("by bob)")
            .doesNotContain("Cannot find task");
        browser.screenshot("tasklist-task-already-done");
        assertThat(release(id).get("approvals").findValuesAsText("by")).as("the sign-off, recorded once")
            .containsExactly("bob");
        return;
      }
    }
  }
}
