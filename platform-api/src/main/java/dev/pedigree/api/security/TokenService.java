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
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "pdg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    register(name, role, token);
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

  public Optional<Role> roleOf(String token) {
    return jdbc.sql("SELECT role FROM api_token WHERE token_hash = :hash AND revoked_at IS NULL")
        .param("hash", hash(token))
        .query((rs, n) -> Role.fromDb(rs.getString("role")))
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
