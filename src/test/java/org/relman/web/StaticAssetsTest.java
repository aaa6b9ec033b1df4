package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.webjars.WebJarVersionLocator;

/**
 * The application itself serves the web app's assets to anyone (the login page needs them too): the vendored viewers
 * from static/vendor, relman.css, and the webjars at versionless paths through webjars-locator-lite.
 */
class StaticAssetsTest extends RelmanTestBase {

  @Autowired
  java.util.List<FilterRegistrationBean<?>> filters;

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

  @Test
  void pagesLinkTheWebjarsByVersionAndEveryOtherLinkAsWritten() {
    String board = PageSession.as(port, "alice").get("/releases").body();
    String htmx = new WebJarVersionLocator().version("htmx.org");

    assertThat(board).contains("src=\"/webjars/htmx.org/" + htmx + "/dist/htmx.min.js\"")
        .contains("href=\"/css/relman.css\"")
        .contains("href=\"/calendar\"");
    assertThat(filters).as("relman's filter in place of Spring Boot's, not beside it")
        .filteredOn(filter -> filter.getFilter() instanceof ResourceUrlEncodingFilter).singleElement()
        .satisfies(filter -> assertThat(filter.getFilter()).isInstanceOf(AssetLinks.AssetsOnly.class));
  }

  @Test
  void onlyLinksUnderAnAssetRootAreAssets() {
    Set<String> roots = AssetLinks.assetRoots();
    assertThat(roots).contains("webjars", "css", "js", "vendor", "favicon.svg");

    assertThat(AssetLinks.isAsset("/webjars/htmx.org/dist/htmx.min.js", "", roots)).isTrue();
    assertThat(AssetLinks.isAsset("/favicon.svg", "", roots)).isTrue();
    assertThat(AssetLinks.isAsset("/relman/css/relman.css?v=2", "/relman", roots)).isTrue();
    assertThat(AssetLinks.isAsset("/releases/42", "", roots)).isFalse();
    assertThat(AssetLinks.isAsset("/cssx/relman.css", "", roots)).isFalse();
    assertThat(AssetLinks.isAsset("/css", "/relman", roots)).as("outside the context path").isFalse();
    assertThat(AssetLinks.isAsset("https://example.org/css/a.css", "", roots)).isFalse();
    assertThat(AssetLinks.isAsset("/?next=/css", "", roots)).isFalse();
  }

  @Test
  void onlyAssetLinksGoThroughSpringsResolution() {
    HttpServletResponse resolving = new HttpServletResponseWrapper(new MockHttpServletResponse()) {
      @Override
      public String encodeURL(String url) {
        return url + "#looked-up";
      }
    };
    var links = new AssetLinks.Choosing(new MockHttpServletResponse(), resolving, "", Set.of("webjars", "css"));

    assertThat(links.encodeURL("/webjars/htmx.org/dist/htmx.min.js")).endsWith("#looked-up");
    assertThat(links.encodeURL("/css/relman.css")).endsWith("#looked-up");
    assertThat(links.encodeURL("/releases/42")).as("a page link, never looked up").isEqualTo("/releases/42");
    assertThat(links.encodeURL("/tasks?mine=true")).isEqualTo("/tasks?mine=true");
  }

  private static void assertServed(Api api, String path, String type) {
    Api.Response response = api.get(path);
    assertThat(response.status()).as(path).isEqualTo(200);
    assertThat(response.contentType()).as(path).contains(type);
    assertThat(response.body()).as(path).isNotBlank();
  }
}
