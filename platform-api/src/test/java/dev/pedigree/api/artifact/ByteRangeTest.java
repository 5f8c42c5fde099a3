package dev.pedigree.api.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.api.common.problem.ApiProblem;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void oneRangeIsClampedToTheFile() {
    assertThat(ByteRange.parse("bytes=10-99", 1000)).hasValue(new ByteRange(10, 99));
    assertThat(ByteRange.parse("bytes=900-", 1000)).hasValue(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=900-5000", 1000)).hasValue(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=-100", 1000)).hasValue(new ByteRange(900, 999));
    assertThat(ByteRange.parse("bytes=-5000", 1000)).hasValue(new ByteRange(0, 999));
    assertThat(new ByteRange(10, 99).contentRange(1000)).isEqualTo("bytes 10-99/1000");
    assertThat(new ByteRange(10, 99).length()).isEqualTo(90);
  }

  @Test
  void whatIsNotOneValidRangeIsIgnored() {
    assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isEmpty();
    assertThat(ByteRange.parse("bytes=99-10", 1000)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
    assertThat(ByteRange.parse("bytes=-", 1000)).isEmpty();
    assertThat(ByteRange.parse("bytes=99999999999999999999-", 1000)).isEmpty();
  }

  @Test
  void aRangeWithNoByteOfTheFileIsUnsatisfiable() {
    for (String header : new String[] {"bytes=1000-", "bytes=1000-2000", "bytes=-0"}) {
      assertThatThrownBy(() -> ByteRange.parse(header, 1000)).as(header).isInstanceOfSatisfying(ApiProblem.class,
          problem -> {
            assertThat(problem.getStatusCode().value()).isEqualTo(416);
            assertThat(problem.getHeaders().getFirst("Content-Range")).isEqualTo("bytes */1000");
          });
    }
  }
}
