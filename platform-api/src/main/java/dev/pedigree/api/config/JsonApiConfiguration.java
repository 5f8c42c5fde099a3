package dev.pedigree.api.config;

import java.util.List;
import org.springframework.context.annotation.Configuration;
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
