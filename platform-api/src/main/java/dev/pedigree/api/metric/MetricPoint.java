package dev.pedigree.api.metric;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * One point of a curve, written as {@code [step, value]} in JSON, or {@code [step, value, wallTime]} (epoch
 * milliseconds) when a read asked for times ({@link WallTimes}); {@code wallTime} is null otherwise.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"step", "value", "wallTime"})
@JsonSerialize(using = MetricPoint.Json.class)
public record MetricPoint(long step, double value, Long wallTime) {
  public MetricPoint(long step, double value) {
    this(step, value, null);
  }

  /** Array shape writes every property, a null too: this one leaves an absent wall time out. */
  static final class Json extends StdSerializer<MetricPoint> {
    Json() {
      super(MetricPoint.class);
    }

    @Override
    public void serialize(MetricPoint point, JsonGenerator json, SerializationContext context) {
      json.writeStartArray();
      json.writeNumber(point.step());
      json.writeNumber(point.value());
      if (point.wallTime() != null) {
        json.writeNumber(point.wallTime());
      }
      json.writeEndArray();
    }
  }
}
