package org.relman.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.relman.deploy.RunningVersions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * What runs where: one row per service, one column per environment in promotion order, as {@code GET
 * /api/environments} answers it.
 */
@Controller
class EnvironmentsPage {

  /** A service and what runs of it in each environment (null where it was never deployed), in column order. */
  record Row(String service, List<RunningVersions.ServiceVersion> cells) {}

  private final RunningVersions versions;

  EnvironmentsPage(RunningVersions versions) {
    this.versions = versions;
  }

  @GetMapping("/environments")
  String environments(Model model) {
    List<RunningVersions.Environment> environments = versions.now(null, null);
    Map<String, RunningVersions.ServiceVersion[]> byService = new TreeMap<>();
    for (int column = 0; column < environments.size(); column++) {
      for (RunningVersions.ServiceVersion entry : environments.get(column).services()) {
        byService.computeIfAbsent(entry.service(), s -> new RunningVersions.ServiceVersion[environments.size()])[column] = entry;
      }
    }
    List<Row> rows = new ArrayList<>();
    byService.forEach((service, cells) -> rows.add(new Row(service, java.util.Arrays.asList(cells))));
    model.addAttribute("environments", environments);
    model.addAttribute("rows", rows);
    return "environments";
  }
}
