package dev.pedigree.api.artifact;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.ProblemTypes;
import dev.pedigree.workers.store.ArtifactStore;
import dev.pedigree.workers.store.StoredFile;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Sends an artifact's file from the artifact store as it is, streamed: whole, or one byte range so that a large
 * download can resume. Its {@code ETag} and {@code Repr-Digest} are the sha256 recorded when the file was registered,
 * which the reader checks the bytes against; the bytes are not hashed on the way out (the hash would come too late).
 */
@Component
class ArtifactDownloads {
  private static final Logger log = LoggerFactory.getLogger(ArtifactDownloads.class);

  private final ArtifactService artifacts;
  private final ArtifactStore store;

  ArtifactDownloads(ArtifactService artifacts, ArtifactStore store) {
    this.artifacts = artifacts;
    this.store = store;
  }

  /**
   * @throws ApiProblem 404 for an unknown artifact or one without content, 410 when the store has lost the file, 409
   *     when the store's file is not the size recorded, 416 for a range past the end of the file
   */
  void send(UUID id, ServletWebRequest request, HttpServletResponse response) throws IOException {
    Artifact artifact = artifacts.get(id);
    StoredFile file = storedFile(artifact);
    String etag = "\"" + artifact.sha256() + "\"";
    if (request.checkNotModified(etag)) {
      return;
    }
    Optional<ByteRange> range = requestedRange(request, etag, file.size());
    ByteRange sent = range.orElse(new ByteRange(0, file.size() - 1));
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setContentLengthLong(sent.length());
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    response.setHeader("Repr-Digest", "sha-256=:"
        + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(artifact.sha256())) + ":");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename(fileName(artifact.uri())).build().toString());
    if (range.isPresent()) {
      response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
      response.setHeader(HttpHeaders.CONTENT_RANGE, sent.contentRange(file.size()));
    }
    if (request.getHttpMethod() == HttpMethod.HEAD || sent.length() == 0) {
      return;
    }
    try {
      file.copyTo(response.getOutputStream(), sent.first(), sent.length());
    } catch (IOException e) {
      // Headers are out: the client sees a short body, and resumes or retries.
      log.warn("download of artifact {} ended early: {}", id, e.toString());
    }
  }

  private StoredFile storedFile(Artifact artifact) {
    if (artifact.contentUrl() == null) {
      throw new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NO_CONTENT, "Artifact has no content",
          "The " + artifact.kind() + " artifact " + artifact.id() + " (" + artifact.uri()
              + ") is not a file of the artifact store, so it has no content to download.", List.of());
    }
    StoredFile file = store.find(artifact.uri()).orElseThrow(() -> new ApiProblem(HttpStatus.GONE, ProblemTypes.GONE,
        "Artifact content is gone", "The artifact store no longer holds " + artifact.uri() + "; the artifact's record "
            + "and lineage remain.", List.of()));
    if (file.size() != artifact.bytes()) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Artifact content changed",
          "The artifact store's file " + artifact.uri() + " has " + file.size() + " bytes; the artifact was registered "
              + "with " + artifact.bytes() + ".", List.of());
    }
    return file;
  }

  /** A range of a {@code Range} header, unless {@code If-Range} names other bytes than these. */
  private static Optional<ByteRange> requestedRange(ServletWebRequest request, String etag, long size) {
    String range = request.getHeader(HttpHeaders.RANGE);
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    if (range == null || ifRange != null && !ifRange.strip().equals(etag)) {
      return Optional.empty();
    }
    return ByteRange.parse(range, size);
  }

  /** The last segment of the URI's path: the file's name in the store. */
  private static String fileName(String uri) {
    String path = URI.create(uri).getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
