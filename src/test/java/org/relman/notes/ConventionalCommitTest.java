package org.relman.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.relman.change.Commit;

class ConventionalCommitTest {

  private static ConventionalCommit parse(String subject, String body) {
    return ConventionalCommit.of(new Commit("abc1234def", "Ada Lovelace", "ada@example.org", Instant.EPOCH, subject, body));
  }

  @Test
  void typeScopeAndDescriptionAreRead() {
    var c = parse("feat(api): refunds endpoint", null);

    assertThat(c.type()).isEqualTo("feat");
    assertThat(c.scope()).isEqualTo("api");
    assertThat(c.description()).isEqualTo("refunds endpoint");
    assertThat(c.breaking()).isFalse();
    assertThat(c.merge()).isFalse();
  }

  @Test
  void typeIsCaseInsensitiveAndAnEmptyScopeIsNone() {
    var c = parse("Fix(): rounding", "");

    assertThat(c.type()).isEqualTo("fix");
    assertThat(c.scope()).isNull();
    assertThat(c.description()).isEqualTo("rounding");
  }

  @Test
  void bangBeforeTheColonIsBreaking() {
    var c = parse("refactor(core)!: drop the v1 client", "Nobody uses it.");

    assertThat(c.breaking()).isTrue();
    assertThat(c.type()).isEqualTo("refactor");
    assertThat(c.breakingNotes()).isEmpty();
  }

  @Test
  void breakingChangeFooterInEitherSpellingIsBreakingAndItsTextIsTheNote() {
    var spaced = parse("fix: handle empty baskets", "Explains why.\n\nBREAKING CHANGE: empty baskets answer 422\n"
        + "instead of 200\n\nSigned-off-by: Ada <ada@example.org>");
    var hyphen = parse("feat: new config", "BREAKING-CHANGE: relman.old is now relman.new\nRefs: #12");
    var empty = parse("chore: x", "BREAKING CHANGE:");

    assertThat(spaced.breaking()).isTrue();
    assertThat(spaced.breakingNotes()).containsExactly("empty baskets answer 422 instead of 200");
    assertThat(hyphen.breaking()).isTrue();
    assertThat(hyphen.breakingNotes()).containsExactly("relman.old is now relman.new");
    assertThat(empty.breaking()).isTrue();
    assertThat(empty.breakingNotes()).isEmpty();
  }

  @Test
  void breakingChangeMentionedInsideALineIsNotAFooter() {
    assertThat(parse("docs: explain", "This is not a BREAKING CHANGE: just words").breaking()).isFalse();
  }

  @Test
  void nonConventionalSubjectsKeepTheirText() {
    var c = parse("Update the README", null);

    assertThat(c.type()).isNull();
    assertThat(c.description()).isEqualTo("Update the README");
    assertThat(c.breaking()).isFalse();
    assertThat(parse("Fix: the thing: and more", null).type()).as("a colon later is fine").isEqualTo("fix");
    assertThat(parse("release 2.0: notes", null).type()).as("a space is no type").isNull();
  }

  @Test
  void mergeCommitsAreRecognised() {
    assertThat(parse("Merge branch 'feature/refunds'", null).merge()).isTrue();
    assertThat(parse("Merge pull request #12 from acme/refunds", null).merge()).isTrue();
    assertThat(parse("Merge remote-tracking branch 'origin/main'", null).merge()).isTrue();
    assertThat(parse("Merged the two fee tables", null).merge()).isFalse();
  }
}
