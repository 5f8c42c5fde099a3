package dev.pedigree.api.config;

import dev.pedigree.api.common.problem.StrictJson;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/**
 * Request bodies with a repeated key ({@code {"role": "user", "role": "admin"}}) are refused rather than resolved to
 * the last value: whatever read the first one (a proxy, a log, a reviewer) would disagree with what the API acts on.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {
  @Bean
  JsonMapperBuilderCustomizer strictDuplicateKeys() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /** Worker reports (attempts, artifacts, sample losses) are read as strictly as a run's spec. */
  @Bean
  JsonMapperBuilderCustomizer strictRecords() {
    return StrictJson::configure;
  }
}
