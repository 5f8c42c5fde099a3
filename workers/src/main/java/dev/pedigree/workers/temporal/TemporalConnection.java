package dev.pedigree.workers.temporal;

import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach Temporal: {@code host:port}, a namespace, and optional mTLS files (PEM client certificate and PKCS#8
 * key, and a CA when the server's certificate is not publicly trusted).
 */
public record TemporalConnection(String target, String namespace, String tlsCert, String tlsKey, String tlsCa) {

  public static TemporalConnection plain(String target, String namespace) {
    return new TemporalConnection(target, namespace, "", "", "");
  }

  public boolean tls() {
    return !tlsCert.isBlank() && !tlsKey.isBlank();
  }

  public WorkflowServiceStubs connect() {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(target);
    if (tls()) {
      options.setSslContext(sslContext());
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  private SslContext sslContext() {
    try (InputStream cert = Files.newInputStream(Path.of(tlsCert));
        InputStream key = Files.newInputStream(Path.of(tlsKey))) {
      SimpleSslContextBuilder builder = SimpleSslContextBuilder.forPKCS8(cert, key);
      if (!tlsCa.isBlank()) {
        builder.setTrustManager(trustManagerFor(Path.of(tlsCa)));
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not set up TLS to Temporal from the configured files", e);
    }
  }

  private static TrustManager trustManagerFor(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream ca = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(ca)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers()[0];
  }
}
