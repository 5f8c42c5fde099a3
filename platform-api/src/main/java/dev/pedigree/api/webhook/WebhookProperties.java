package dev.pedigree.api.webhook;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platform tells people what happened, bound from {@code pedigree.webhooks.*} (environment:
 * {@code PEDIGREE_WEBHOOKS_URL}, {@code PEDIGREE_WEBHOOKS_SECRET}).
 *
 * @param url the endpoint each event is POSTed to (a Slack or Teams workflow, an alerting service, a script); blank
 *     for none
 * @param secret when set, each request carries {@code X-Pedigree-Signature: sha256=<HMAC-SHA256 of the body>}
 */
@ConfigurationProperties("pedigree.webhooks")
public record WebhookProperties(@DefaultValue("") String url, @DefaultValue("") String secret) {
  /** A wrong URL stops the platform at start, rather than every event later. */
  public WebhookProperties {
    if (!url.isBlank() && !url.matches("https?://\\S+")) {
      throw new IllegalArgumentException("pedigree.webhooks.url must be an http:// or https:// URL, not '" + url + "'");
    }
    URI.create(url);
  }
}
