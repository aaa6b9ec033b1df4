package org.relman.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceExcerptTest {

  @Test
  void shortOutputIsKeptWhole() {
    assertThat(ReleaseReader.excerpt("deployed\n", 100)).isEqualTo("deployed\n");
    assertThat(ReleaseReader.excerpt(null, 100)).isNull();
  }

  @Test
  void longOutputKeepsItsStartAndItsEndAndSaysHowMuchIsLeftOut() {
    String output = "START" + "x".repeat(10_000) + "END";

    String excerpt = ReleaseReader.excerpt(output, 400);

    assertThat(excerpt).startsWith("START").endsWith("xEND").contains("[... 9608 characters omitted ...]");
    assertThat(excerpt.length()).isLessThan(400 + 40);
  }
}
