package dev.pedigree.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Delivery against a real HTTP endpoint on loopback: retries, signatures, and the URL checked at start. */
class WebhooksTest {
  @Test
  void anEndpointThatFailsTwiceGetsTheEventOnTheThirdTryWithItsSignature() {
    try (Receiver receiver = Receiver.start(2)) {
      Webhooks webhooks = new Webhooks(new WebhookProperties(receiver.url(), "s3cret"));

      webhooks.send("run.ended", "{\"event\":\"run.ended\"}");

      await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.deliveries().isEmpty());
      assertThat(receiver.requests()).isEqualTo(3);
      // echo -n '{"event":"run.ended"}' | openssl dgst -sha256 -hmac s3cret
      assertThat(receiver.deliveries()).containsExactly(new Receiver.Delivery("run.ended",
          "sha256=db1cb97f5a94fee58c9e3455f29252387f14277d93ad7a404b869326f0fa9b77", "{\"event\":\"run.ended\"}"));
      webhooks.close();
    }
  }

  @Test
  void withoutAUrlNothingIsSentAndABadUrlStopsTheStart() {
    assertThat(new Webhooks(new WebhookProperties("", "")).enabled()).isFalse();
    assertThatThrownBy(() -> new WebhookProperties("hooks.example.com/x", ""))
        .hasMessage("pedigree.webhooks.url must be an http:// or https:// URL, not 'hooks.example.com/x'");
  }
}
