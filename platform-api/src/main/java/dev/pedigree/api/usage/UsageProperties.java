package dev.pedigree.api.usage;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What device time costs, bound from {@code pedigree.usage.*} (environment: {@code PEDIGREE_USAGE_CURRENCY},
 * {@code PEDIGREE_USAGE_PRICES_CUDA=2.49}, …).
 *
 * @param prices price of one device hour by device class, the first word of an attempt's device ({@code cuda},
 *     {@code cpu}); a device without a price has no cost (null), not a cost of 0
 */
@ConfigurationProperties("pedigree.usage")
public record UsageProperties(@DefaultValue("USD") String currency, Map<String, BigDecimal> prices) {
  public UsageProperties {
    Map<String, BigDecimal> byClass = new TreeMap<>();
    if (prices != null) {
      prices.forEach((device, price) -> byClass.put(device.toLowerCase(Locale.ROOT), price));
    }
    prices = Map.copyOf(byClass);
  }
}
