package dev.pedigree.api.temporal;

import dev.pedigree.api.config.PedigreeProperties;
import dev.pedigree.workers.temporal.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A Temporal cluster when {@code pedigree.temporal.target} is set, else the embedded test server. */
@Configuration(proxyBeanMethods = false)
class TemporalConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TemporalConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${pedigree.temporal.target:}'.isBlank()")
  EmbeddedTemporalServer embeddedTemporalServer(PedigreeProperties properties) {
    return new EmbeddedTemporalServer(properties.temporal().embeddedPort());
  }

  @Bean
  TemporalConnection temporalConnection(PedigreeProperties properties, ObjectProvider<EmbeddedTemporalServer> embedded) {
    PedigreeProperties.Temporal temporal = properties.temporal();
    if (temporal.embedded()) {
      String target = embedded.getObject().target();
      log.info("Temporal: embedded test server on {}", target);
      return TemporalConnection.plain(target, temporal.namespace());
    }
    log.info("Temporal: cluster at {}, namespace {}", temporal.target(), temporal.namespace());
    return new TemporalConnection(
        temporal.target(), temporal.namespace(), temporal.tlsCert(), temporal.tlsKey(), temporal.tlsCa());
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(TemporalConnection connection) {
    return connection.connect();
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConnection connection) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(connection.namespace()).build());
  }
}
