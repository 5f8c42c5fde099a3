package dev.pedigree.api.security;

import dev.pedigree.api.config.PedigreeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.stereotype.Component;

/**
 * The tokens a platform needs from its first start: configured ones are registered; otherwise they are generated once
 * and kept in {@code PEDIGREE_HOME} (mode 600), where the CLI and {@code pedigree worker} find them.
 */
@Component
public class PlatformTokens {
  private final String workerToken;

  PlatformTokens(TokenService tokens, PedigreeProperties properties) {
    Path home = properties.home();
    this.workerToken = ensure(tokens, Role.WORKER, properties.workerToken(), home.resolve("worker.token"));
    Path adminFile = home.resolve("admin.token");
    boolean firstStart = properties.adminToken().isBlank() && !Files.exists(adminFile);
    ensure(tokens, Role.ADMIN, properties.adminToken(), adminFile);
    if (firstStart) {
      System.out.println("Pedigree: generated an admin token; it is in " + adminFile + " (keep it secret).");
    }
  }

  /** The token of the embedded compute worker. */
  public String workerToken() {
    return workerToken;
  }

  private static String ensure(TokenService tokens, Role role, String configured, Path file) {
    String name = "bootstrap-" + role.name().toLowerCase(java.util.Locale.ROOT);
    if (!configured.isBlank()) {
      tokens.register(name, role, configured);
      return configured;
    }
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        tokens.register(name, role, token);
        return token;
      }
      String token = tokens.issue(name, role);
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), ".token", ".tmp");
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the file inherits the user's home directory permissions.
      }
      Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the " + name + " token in " + file, e);
    }
  }
}
