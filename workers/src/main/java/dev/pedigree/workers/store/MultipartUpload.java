package dev.pedigree.workers.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a large file as a multipart upload, a few parts at a time, each part streamed from its range of the file. The
 * calling thread only waits, calling the keep-alive, so a heartbeat continues while a checkpoint of gigabytes uploads.
 * A failed upload is aborted so the store keeps no orphaned parts.
 */
final class MultipartUpload {
  static final long PART_BYTES = 64L << 20;
  private static final int PARALLEL_PARTS = 4;

  private MultipartUpload() {}

  static void upload(S3Client s3, String bucket, String key, Path file, Map<String, String> metadata,
      Runnable keepAlive) throws IOException {
    long size = Files.size(file);
    String uploadId =
        s3.createMultipartUpload(request -> request.bucket(bucket).key(key).metadata(metadata)).uploadId();
    ExecutorService uploader = Executors.newFixedThreadPool(PARALLEL_PARTS, runnable -> {
      Thread thread = new Thread(runnable, "upload-" + key);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<CompletedPart>> parts = new ArrayList<>();
      for (long offset = 0; offset < size; offset += PART_BYTES) {
        int number = parts.size() + 1;
        long start = offset;
        long length = Math.min(PART_BYTES, size - offset);
        parts.add(uploader.submit(() -> {
          String etag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                  .partNumber(number).contentLength(length),
              RequestBody.fromContentProvider(() -> range(file, start, length), length, "application/octet-stream"))
              .eTag();
          return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }));
      }
      List<CompletedPart> completed = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        completed.add(await(part, keepAlive));
      }
      s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(upload -> upload.parts(completed)));
    } catch (RuntimeException e) {
      abort(s3, bucket, key, uploadId, e);
      throw e;
    } finally {
      uploader.shutdownNow();
    }
  }

  private static CompletedPart await(Future<CompletedPart> part, Runnable keepAlive) {
    while (true) {
      keepAlive.run();
      try {
        return part.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        // wait on, heartbeating
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while uploading", e);
      }
    }
  }

  private static void abort(S3Client s3, String bucket, String key, String uploadId, RuntimeException cause) {
    try {
      s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The bytes {@code [offset, offset + length)} of a file. */
  private static InputStream range(Path file, long offset, long length) {
    try {
      InputStream in = Files.newInputStream(file);
      in.skipNBytes(offset);
      return new FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left == 0) {
            return -1;
          }
          int b = super.read();
          left -= b < 0 ? 0 : 1;
          return b;
        }

        @Override
        public int read(byte[] buffer, int from, int count) throws IOException {
          if (left == 0) {
            return -1;
          }
          int read = super.read(buffer, from, (int) Math.min(count, left));
          left -= Math.max(read, 0);
          return read;
        }

        @Override
        public long skip(long count) throws IOException {
          long skipped = super.skip(Math.min(count, left));
          left -= skipped;
          return skipped;
        }

        @Override
        public int available() throws IOException {
          return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
          return false;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
