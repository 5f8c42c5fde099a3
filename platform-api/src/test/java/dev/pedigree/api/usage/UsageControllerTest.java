package dev.pedigree.api.usage;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pedigree.migrations.testing.PostgresTest;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

@PostgresTest
class UsageControllerTest {
  private static MockMvc mvc;

  @BeforeAll
  static void insertRuns(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    new UsageFixture(jdbc);
    UsageService service = new UsageService(new UsageRepository(jdbc),
        new UsageProperties("EUR", Map.of("cuda", new java.math.BigDecimal("2.49"))), JsonMapper.builder().build());
    mvc = MockMvcBuilders.standaloneSetup(new UsageController(service)).setControllerAdvice(new Problems()).build();
  }

  @Test
  void daysBoundTheAttemptsTheReportSums() throws Exception {
    mvc.perform(get("/api/v1/usage").param("groupBy", "kind").param("from", "2026-11-02").param("to", "2026-11-03"))
        .andExpect(status().isOk())
        .andExpect(content().json("""
            {"currency": "EUR",
             "groups": [{"key": "pretrain", "runs": 1, "attempts": 1, "deviceSeconds": 1800.0, "lostSeconds": 0.0,
                         "cost": 1.245},
                        {"key": "rl", "runs": 1, "attempts": 2, "deviceSeconds": 1800.0, "lostSeconds": 720.0,
                         "cost": null}],
             "total": {"key": null, "runs": 2, "attempts": 3, "deviceSeconds": 3600.0, "lostSeconds": 720.0,
                       "cost": null}}""", true));
  }

  @Test
  void theDefaultGroupingIsByProject() throws Exception {
    mvc.perform(get("/api/v1/usage").param("project", "nlp").param("from", "2026-11-01T00:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.groups.length()").value(1))
        .andExpect(jsonPath("$.groups[0].key").value("nlp"))
        .andExpect(jsonPath("$.total.deviceSeconds").value(2160.0))
        .andExpect(jsonPath("$.total.cost").value(1.494));
  }

  @Test
  void badParametersAreNamed() throws Exception {
    for (List<String> bad : List.of(List.of("groupBy", "week"), List.of("from", "yesterday"),
        List.of("to", "2026-13-01"), List.of("from", "+999999999-12-31"), List.of("to", "1969-06-01"),
        List.of("project", "a\u0001b"), List.of("kind", "x".repeat(201)))) {
      mvc.perform(get("/api/v1/usage").param(bad.get(0), bad.get(1)))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("https://pedigree.dev/problems/validation"))
          .andExpect(jsonPath("$.errors.length()").value(1))
          .andExpect(jsonPath("$.errors[0].field").value(bad.get(0)));
    }
    mvc.perform(get("/api/v1/usage").param("from", "2026-11-02").param("to", "2026-11-01"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("to"));
  }

  @Test
  void theLastDayOfTheYearsTakenIsATo() throws Exception {
    mvc.perform(get("/api/v1/usage").param("from", "9999-12-31").param("to", "9999-12-31"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total.attempts").value(0));
    mvc.perform(get("/api/v1/usage").param("from", "9999-12-31").param("to", "+10000-01-01T00:00:00Z"))
        .andExpect(status().isOk());
    mvc.perform(get("/api/v1/usage").param("from", "+10000-01-01T00:00:00Z"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("from"));
    mvc.perform(get("/api/v1/usage").param("to", "+10000-01-01T00:00:00.001Z"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("to"));
  }

  /** Renders {@link dev.pedigree.api.common.problem.ApiProblem} as problem+json, as the application's handler does. */
  @RestControllerAdvice
  static class Problems extends ResponseEntityExceptionHandler {}
}
