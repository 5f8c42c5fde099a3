package dev.pedigree.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Bearer tokens: random secrets handed out once, stored only as sha256. */
@Service
public class TokenService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;

  TokenService(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new token; the secret is returned here and never again. */
  public String issue(String name, Role role) {
    return issue(name, role, null);
  }

  /** A new token acting only in {@code project} (created if new), or everywhere when it is null. */
  @Transactional
  public String issue(String name, Role role, String project) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "pdg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    if (project != null) {
      jdbc.sql("INSERT INTO project (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").param("name", project).update();
    }
    jdbc.sql(
            """
            INSERT INTO api_token (name, token_hash, role, project_id)
            VALUES (:name, :hash, :role, (SELECT id FROM project WHERE name = :project))
            """)
        .param("name", name)
        .param("hash", hash(token))
        .param("role", role.dbName())
        .param("project", project)
        .update();
    return token;
  }

  /** Stores a token chosen elsewhere (configuration); repeating it is harmless. */
  public void register(String name, Role role, String token) {
    jdbc.sql(
            """
            INSERT INTO api_token (name, token_hash, role) VALUES (:name, :hash, :role)
            ON CONFLICT (token_hash) DO NOTHING
            """)
        .param("name", name)
        .param("hash", hash(token))
        .param("role", role.dbName())
        .update();
  }

  public Optional<Caller> authenticate(String token) {
    return jdbc.sql(
            """
            SELECT t.name, t.role, p.name AS project
            FROM api_token t LEFT JOIN project p ON p.id = t.project_id
            WHERE t.token_hash = :hash AND t.revoked_at IS NULL
            """)
        .param("hash", hash(token))
        .query((rs, n) -> new Caller(rs.getString("name"), Role.fromDb(rs.getString("role")), rs.getString("project")))
        .optional();
  }

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
