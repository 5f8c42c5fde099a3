package dev.pedigree.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final UUID ID = UUID.fromString("77dbc864-8de8-4044-944d-d46e1f8b45d3");

  @Test
  void readsTheDashedFormAndTheThirtyTwoHexDigitsInEitherCase() {
    assertThat(Ids.parse("77dbc864-8de8-4044-944d-d46e1f8b45d3")).contains(ID);
    assertThat(Ids.parse("77DBC864-8DE8-4044-944D-D46E1F8B45D3")).contains(ID);
    assertThat(Ids.parse("77dbc8648de84044944dd46e1f8b45d3")).contains(ID);
    assertThat(Ids.parse("F7DBC8648DE84044944DD46E1F8B45D3"))
        .contains(UUID.fromString("f7dbc864-8de8-4044-944d-d46e1f8b45d3"));
  }

  @Test
  void refusesWhatIsNotAWholeId() {
    assertThat(Ids.parse(null)).isEmpty();
    assertThat(Ids.parse("1-1-1-1-1")).isEmpty(); // UUID.fromString reads it as 00000001-0001-0001-0001-000000000001
    assertThat(Ids.parse("77dbc8648de84044944dd46e1f8b45d")).isEmpty();
    assertThat(Ids.parse("77dbc8648de84044944dd46e1f8b45d3 ")).isEmpty();
    assertThat(Ids.parse("77dbc864-8de8-4044-944d-d46e1f8b45dz")).isEmpty();
    assertThat(Ids.parse("+7dbc8648de84044944dd46e1f8b45d3")).isEmpty();
  }
}
