package dev.pedigree.api.mlflow;

import dev.pedigree.api.common.RequestPaths;
import dev.pedigree.api.common.problem.MlflowErrors;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem answered under the MLflow API, in MLflow's error shape: those of Pedigree's services, and those Spring
 * MVC raises before any MLflow endpoint is chosen (a wrong method, an unknown endpoint, an unreadable query string,
 * an unusable Content-Type or Accept header).
 */
@RestControllerAdvice
class MlflowProblems implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
    if (!(body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet
        && MlflowErrors.isMlflowPath(RequestPaths.of(servlet.getServletRequest())))) {
      return body;
    }
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return MlflowErrors.body(MlflowErrors.code(problem.getStatus()),
        problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
  }
}
