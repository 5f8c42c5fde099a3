package dev.pedigree.api.common.problem;

import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;

/** Every JSON tree body (runs, pipelines, tokens) is refused when a string in it could not be stored as sent. */
@ControllerAdvice
class WellFormedJsonBodies extends RequestBodyAdviceAdapter {
  @Override
  public boolean supports(MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return targetType instanceof Class<?> type && JsonNode.class.isAssignableFrom(type);
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage message, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    StorableText.requireWellFormed((JsonNode) body);
    return body;
  }
}
