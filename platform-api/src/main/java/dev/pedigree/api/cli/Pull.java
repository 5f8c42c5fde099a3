package dev.pedigree.api.cli;

import dev.pedigree.workers.engine.data.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.springframework.http.ContentDisposition;

/**
 * {@code pull ID [--out PATH]}: downloads an artifact's file to PATH, by default the file's name in the current
 * directory. The bytes go to {@code PATH.part}, which a later pull resumes with a {@code Range} request, and move to
 * PATH only once their sha256 is the artifact's (its {@code ETag}); a {@code .part} that does not match is deleted.
 */
final class Pull {
  private Pull() {}

  /**
   * @param here where a file goes when no {@code --out} is given: the current directory
   * @return the process exit code
   */
  static int run(ApiClient api, String[] args, Path here) throws IOException, InterruptedException {
    if (args.length != 1 && !(args.length == 3 && args[1].equals("--out")) || args[0].startsWith("-")) {
      System.err.println("usage: pedigree pull ID [--out PATH]");
      return 2;
    }
    String content = "/api/v1/artifacts/" + URLEncoder.encode(args[0], StandardCharsets.UTF_8) + "/content";
    HttpResponse<Void> head = api.head(content);
    if (head.statusCode() != 200) {
      System.err.println(api.get(content).problem());
      return 1;
    }
    String etag = head.headers().firstValue("ETag").orElseThrow();
    long size = head.headers().firstValueAsLong("Content-Length").orElseThrow();
    Path target = args.length == 3 ? Path.of(args[2]) : here.resolve(fileName(head.headers(), args[0]));
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long offset = Files.exists(part) ? Files.size(part) : 0;
    if (offset > size) {
      Files.delete(part);
      offset = 0;
    }
    if (offset < size && !fetch(api, content, part, offset, etag)) {
      return 1;
    }
    String expected = etag.replace("\"", "");
    String actual = Sha256.ofFile(part);
    if (!actual.equals(expected)) {
      Files.delete(part);
      System.err.println("sha256 mismatch: the downloaded bytes have " + actual + ", artifact " + args[0] + " has "
          + expected + "; deleted " + part + ", pull again");
      return 1;
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println(target + "  " + size + " bytes  sha256 " + actual);
    return 0;
  }

  /** Appends the bytes from {@code offset} on to the part file, or rewrites it when the server sends them all. */
  private static boolean fetch(ApiClient api, String content, Path part, long offset, String etag)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response = api.download(content, offset, etag);
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200 && response.statusCode() != 206) {
        System.err.println("HTTP " + response.statusCode() + " while downloading " + content);
        return false;
      }
      if (response.statusCode() == 206) {
        System.err.println("resuming " + part + " at byte " + offset);
      }
      StandardOpenOption mode =
          response.statusCode() == 206 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
        in.transferTo(out);
      }
      return true;
    }
  }

  /** The name the server gives the file, without any directory part; the artifact id when it gives none. */
  private static String fileName(HttpHeaders headers, String id) {
    String name = headers.firstValue("Content-Disposition").map(ContentDisposition::parse)
        .map(ContentDisposition::getFilename).orElse(null);
    return name == null || Path.of(name).getFileName() == null ? id : Path.of(name).getFileName().toString();
  }
}
