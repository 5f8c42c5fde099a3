package dev.pedigree.api.config;

import dev.pedigree.api.common.Ids;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Spring MVC set up for an API that reads and writes JSON only. */
@Configuration(proxyBeanMethods = false)
class JsonApiConfiguration implements WebMvcConfigurer {

  /**
   * springdoc brings Jackson 2's YAML module, with which Spring MVC would read {@code application/yaml} bodies through
   * Jackson 2, which cannot build this code's Jackson 3 types (a 500); without that converter they are a plain 415.
   */
  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
    converters.configureMessageConvertersList(list -> list.removeIf(converter ->
        converter.getSupportedMediaTypes().stream().anyMatch(type -> type.getSubtype().endsWith("yaml"))));
  }

  /** Path and query ids are read by {@link Ids}: a run's MLflow id (its UUID's 32 hex digits) reaches it too. */
  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverter(String.class, UUID.class,
        text -> Ids.parse(text).orElseThrow(() -> new IllegalArgumentException("not an id: " + text)));
  }

  /**
   * An Accept header that does not parse ({@code application/json;q=abc}) is disregarded, as RFC 9110 allows; refusing
   * it would leave even the error answer without a body.
   */
  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer negotiation) {
    HeaderContentNegotiationStrategy accept = new HeaderContentNegotiationStrategy();
    negotiation.strategies(List.of(request -> {
      try {
        return accept.resolveMediaTypes(request);
      } catch (HttpMediaTypeNotAcceptableException unparseable) {
        return List.of(MediaType.ALL);
      }
    }));
  }
}
