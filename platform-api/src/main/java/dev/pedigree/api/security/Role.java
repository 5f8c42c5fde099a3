package dev.pedigree.api.security;

import java.util.Locale;

/** admin: everything; user: submit and cancel runs; worker: report metrics, attempts and artifacts of runs. */
public enum Role {
  ADMIN,
  USER,
  WORKER;

  String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Role fromDb(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
