package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * The application itself serves the web app's assets to anyone (the login page needs them too): the vendored viewers
 * from static/vendor, relman.css, and the webjars at versionless paths through webjars-locator-lite.
 */
class StaticAssetsTest extends RelmanTestBase {

  @Test
  void vendoredFilesStylesheetAndWebjarsAreServedWithoutSigningIn() {
    Api anonymous = api("demo").anonymous();
    assertServed(anonymous, "/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js", "javascript");
    assertServed(anonymous, "/vendor/bpmn-js/diagram-js.css", "text/css");
    assertServed(anonymous, "/vendor/form-js/form-viewer.umd.js", "javascript");
    assertServed(anonymous, "/vendor/form-js/form-js.css", "text/css");
    assertServed(anonymous, "/css/relman.css", "text/css");
    assertServed(anonymous, "/favicon.svg", "image/svg+xml");
    assertServed(anonymous, "/webjars/htmx.org/dist/htmx.min.js", "javascript");
    assertServed(anonymous, "/webjars/chart.js/dist/chart.umd.min.js", "javascript");
  }

  private static void assertServed(Api api, String path, String type) {
    Api.Response response = api.get(path);
    assertThat(response.status()).as(path).isEqualTo(200);
    assertThat(response.contentType()).as(path).contains(type);
    assertThat(response.body()).as(path).isNotBlank();
  }
}
