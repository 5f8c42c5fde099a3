package dev.pedigree.api.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/** A request whose body fails to read past {@code limit} bytes, and remembers that it did. */
final class SizeLimitedRequest extends HttpServletRequestWrapper {
  private final long limit;
  private CountingStream body;

  SizeLimitedRequest(HttpServletRequest request, long limit) {
    super(request);
    this.limit = limit;
  }

  boolean exceeded() {
    return body != null && body.count > limit;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (body == null) {
      body = new CountingStream(super.getInputStream());
    }
    return body;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    String encoding = getCharacterEncoding();
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new UnsupportedEncodingException(encoding);
    }
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }

  /** Thrown by every read once the body has passed the limit. */
  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
      super("the request body is over " + limit + " bytes");
    }
  }

  private final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private long count;

    CountingStream(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      checkLimit();
      int b = in.read();
      if (b >= 0) {
        count++;
        checkLimit();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkLimit();
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count += n;
        checkLimit();
      }
      return n;
    }

    private void checkLimit() throws BodyTooLargeException {
      if (count > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
