package org.relman.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The links on relman's pages to its own assets name the version of a webjar ({@code /webjars/htmx.org/dist/htmx.min.js}
 * becomes {@code /webjars/htmx.org/2.0.10/dist/htmx.min.js}): Spring's {@link ResourceUrlEncodingFilter} rewrites every
 * link a page renders. It takes Spring Boot's place here to rewrite only the links to assets. The static files are
 * mapped at {@code /**}, so Spring's filter took every other link too ({@code /releases/42}, {@code /tasks}) for a
 * possible file, looked for it in each static location across the classpath's 279 jars, did not find it and did not
 * remember that: a page's links cost more than its database reads.
 */
@Configuration(proxyBeanMethods = false)
class AssetLinks {

  /** Replaces Spring Boot's filter (it steps back when one is registered), on the same dispatches. */
  @Bean
  FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
    FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
        new FilterRegistrationBean<>(new AssetsOnly(assetRoots()));
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    return registration;
  }

  /** The first path segments under which relman serves files: the webjars and what is in {@code static/}. */
  static Set<String> assetRoots() {
    try {
      Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:/static/*");
      return Stream.concat(Stream.of("webjars"), Arrays.stream(files).map(AssetLinks::lastSegment))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list relman's static assets", e);
    }
  }

  /** {@code css} of {@code file:/.../static/css} and of {@code jar:...!/BOOT-INF/classes/static/css/}. */
  private static String lastSegment(Resource file) {
    try {
      String url = file.getURL().toString();
      String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      return path.substring(path.lastIndexOf('/') + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list relman's static assets", e);
    }
  }

  /** Spring's filter, asked only about links whose first segment is an asset root. */
  static final class AssetsOnly extends ResourceUrlEncodingFilter {

    private final Set<String> roots;

    AssetsOnly(Set<String> roots) {
      this.roots = roots;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse plain)) {
        chain.doFilter(request, response);
        return;
      }
      super.doFilter(request, response, (req, encoding) -> chain.doFilter(req,
          new Choosing(plain, (HttpServletResponse) encoding, http.getContextPath(), roots)));
    }
  }

  /** Asset links through Spring's resolving response, every other link straight to the container. */
  static final class Choosing extends HttpServletResponseWrapper {

    private final HttpServletResponse plain;
    private final String contextPath;
    private final Set<String> roots;

    Choosing(HttpServletResponse plain, HttpServletResponse resolving, String contextPath, Set<String> roots) {
      super(resolving);
      this.plain = plain;
      this.contextPath = contextPath;
      this.roots = roots;
    }

    @Override
    public String encodeURL(String url) {
      return isAsset(url, contextPath, roots) ? super.encodeURL(url) : plain.encodeURL(url);
    }
  }

  /** Whether {@code url} (as a page renders it, the context path first) names a file under an asset root. */
  static boolean isAsset(String url, String contextPath, Set<String> roots) {
    if (url == null || !url.startsWith(contextPath + "/")) {
      return false;
    }
    String path = url.substring(contextPath.length() + 1);
    int end = path.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int at = path.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return roots.contains(path.substring(0, end));
  }
}
