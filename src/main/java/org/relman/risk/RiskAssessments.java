package org.relman.risk;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every risk assessment of a release; the latest is the one that counts (a reschedule assesses again). */
@Repository
public class RiskAssessments {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  RiskAssessments(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void add(Assessment assessment) {
    try {
      jdbc.update("INSERT INTO risk_assessments (release_id, level, required_approvals, facts, decision, assessed_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          assessment.releaseId(), assessment.level().name(), String.join(",", assessment.requiredApprovals()),
          json.writeValueAsString(assessment.facts()), assessment.decision(), Db.param(assessment.assessedAt()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every assessment of the release, oldest first. */
  public List<Assessment> list(long releaseId) {
    return jdbc.query("SELECT release_id, level, required_approvals, facts, decision, assessed_at FROM risk_assessments"
            + " WHERE release_id = ? ORDER BY id",
        (rs, n) -> new Assessment(rs.getLong("release_id"), RiskLevel.valueOf(rs.getString("level")),
            approvals(rs.getString("required_approvals")), facts(rs.getString("facts")), rs.getString("decision"),
            Db.instant(rs, "assessed_at")),
        releaseId);
  }

  public Optional<Assessment> latest(long releaseId) {
    return jdbc.query("SELECT release_id, level, required_approvals, facts, decision, assessed_at FROM risk_assessments"
            + " WHERE release_id = ? ORDER BY id DESC",
        (rs, n) -> new Assessment(rs.getLong("release_id"), RiskLevel.valueOf(rs.getString("level")),
            approvals(rs.getString("required_approvals")), facts(rs.getString("facts")), rs.getString("decision"),
            Db.instant(rs, "assessed_at")),
        releaseId).stream().findFirst();
  }

  private static List<String> approvals(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(","));
  }

  private Map<String, Object> facts(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored risk facts are not JSON", e);
    }
  }
}
