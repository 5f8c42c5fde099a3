package dev.pedigree.api.config;

import dev.pedigree.workers.store.ArtifactStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one artifact store of the platform: the embedded compute worker writes to it, artifact downloads read it. */
@Configuration(proxyBeanMethods = false)
class ArtifactStoreConfiguration {
  @Bean
  ArtifactStore artifactStore(PedigreeProperties properties) {
    return ArtifactStore.at(properties.artifactLocation(), properties.s3().settings(),
        properties.home().resolve("cache"));
  }
}
