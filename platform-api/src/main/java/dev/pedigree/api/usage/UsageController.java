package dev.pedigree.api.usage;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.FieldError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/usage")
class UsageController {
  private static final Instant FIRST_INSTANT = Instant.EPOCH;
  private static final Instant LAST_INSTANT = LocalDate.of(10_000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

  private final UsageService usage;

  UsageController(UsageService usage) {
    this.usage = usage;
  }

  /**
   * Device time and cost of the attempts that started in {@code [from, to)}, of runs of {@code project} and
   * {@code kind}, grouped by {@code groupBy} (default project). {@code from} and {@code to} are instants
   * ({@code 2026-11-26T09:00:00Z}) or UTC days: a day {@code to} includes that day.
   */
  @GetMapping
  UsageReport report(
      @RequestParam(required = false) String project,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String groupBy) {
    List<FieldError> errors = new ArrayList<>();
    String projectFilter = label("project", project, errors);
    String kindFilter = label("kind", kind, errors);
    Instant fromInstant = instant("from", from, false, errors);
    Instant toInstant = instant("to", to, true, errors);
    UsageGroupBy grouping = groupBy(groupBy, errors);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      errors.add(new FieldError("to", "must be after from"));
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("Invalid query parameters.", errors);
    }
    return usage.report(new UsageQuery(projectFilter, kindFilter, fromInstant, toInstant, grouping));
  }

  private static String label(String name, String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(name, "must be at most 200 characters without control characters"));
    }
    return value;
  }

  /** An instant as is; a day at its start, or, as an end, at the next day's start. */
  private static Instant instant(String name, String value, boolean end, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant instant = value.contains("T") ? Instant.parse(value.strip())
          : LocalDate.parse(value.strip()).plusDays(end ? 1 : 0).atStartOfDay(ZoneOffset.UTC).toInstant();
      // An end may be the end of 9999-12-31 itself, the instant a day to=9999-12-31 names.
      if (!instant.isBefore(FIRST_INSTANT) && (end ? !instant.isAfter(LAST_INSTANT) : instant.isBefore(LAST_INSTANT))) {
        return instant;
      }
    } catch (DateTimeException e) {
      // answered below
    }
    errors.add(new FieldError(name, "must be a day (2026-11-26) or an instant (2026-11-26T09:00:00Z) of the years"
        + " 1970 to 9999"));
    return null;
  }

  private static UsageGroupBy groupBy(String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return UsageGroupBy.PROJECT;
    }
    if (!UsageGroupBy.names().contains(value.strip())) {
      errors.add(new FieldError("groupBy", "must be one of " + UsageGroupBy.names()));
      return null;
    }
    return UsageGroupBy.valueOf(value.strip().toUpperCase(Locale.ROOT));
  }
}
