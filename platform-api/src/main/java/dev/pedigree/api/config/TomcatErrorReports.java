package dev.pedigree.api.config;

import dev.pedigree.api.common.problem.MlflowErrors;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses some requests before any servlet sees them (an encoded NUL or slash in the path) and reports them with
 * its own HTML page; this replaces that page with problem+json (MLflow's error JSON under its API). Ordered last so
 * that it replaces the valve Spring Boot installs.
 */
@Component
public class TomcatErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      StandardHost host = (StandardHost) context.getParent();
      Pipeline pipeline = host.getPipeline();
      for (Valve valve : pipeline.getValves()) {
        if (valve instanceof ErrorReportValve) {
          pipeline.removeValve(valve);
        }
      }
      pipeline.addValve(new ProblemReportValve());
      // Else the host adds a default HTML valve of its own when it starts.
      host.setErrorReportValveClass(ProblemReportValve.class.getName());
    });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  public static final class ProblemReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean();
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      String title = known == null ? "Error" : known.getReasonPhrase();
      String detail = "The request was refused before it reached the API.";
      boolean mlflow = MlflowErrors.isMlflowPath(request.getRequestURI());
      String body = mlflow
          ? "{\"error_code\":\"" + MlflowErrors.code(status) + "\",\"message\":\"" + detail + "\"}"
          : "{\"type\":\"" + ProblemTypes.forStatus(status) + "\",\"title\":\"" + title + "\",\"status\":" + status
              + ",\"detail\":\"" + detail + "\",\"errors\":[]}";
      try {
        response.setContentType(mlflow ? "application/json" : "application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(body);
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // The client is gone or the response was committed meanwhile: nothing more can be sent.
      }
    }
  }
}
