package org.relman.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docs/reference/configuration.md is the configuration metadata rendered: a key added, renamed or described anew in a
 * properties record fails this test until the page is regenerated with {@code -Drelman.docs.write=true}.
 */
class ConfigurationReferenceTest {

  private static final Path PAGE = Path.of("docs/reference/configuration.md");

  @Test
  void configurationPageIsTheRenderedMetadata() throws IOException {
    String rendered = ConfigurationReference.render();
    if (Boolean.getBoolean("relman.docs.write")) {
      Files.createDirectories(PAGE.getParent());
      Files.writeString(PAGE, rendered);
    }

    assertThat(Files.readString(PAGE))
        .as("%s is generated; regenerate it: ./mvnw -q test -Dtest=ConfigurationReferenceTest -Drelman.docs.write=true",
            PAGE)
        .isEqualTo(rendered);
  }

  @Test
  void everyRelmanKeyHasADescription() {
    assertThat(ConfigurationReference.undescribed())
        .as("keys without a description: add an @param to the javadoc of their properties record")
        .isEmpty();
  }

  @Test
  void javadocTagsBecomeMarkdownCode() {
    assertThat(ConfigurationReference.javadocToMarkdown("takes {@code {\"text\": ...}}; see\n   {@link Foo}"))
        .isEqualTo("takes `{\"text\": ...}`; see `Foo`");
    assertThat(ConfigurationReference.simpleType(
        "java.util.Map<org.relman.notify.MilestoneEvent,org.relman.notify.NotificationProperties$Route>"))
        .isEqualTo("Map<MilestoneEvent, Route>");
  }
}
