package org.relman.http;

import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Picks the representation an endpoint answers in from the request's {@code Accept} header, for endpoints that offer
 * more than JSON (Markdown): the client's most preferred type that one of the offered ones matches, the first offered
 * one when the header is missing or {@code *}{@code /*}. Nothing acceptable is a 406 problem naming the offered types.
 */
public final class Formats {

  public static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown");

  private Formats() {}

  public static MediaType choose(String accept, List<MediaType> offered) {
    if (accept == null || accept.isBlank()) {
      return offered.get(0);
    }
    List<MediaType> wanted;
    try {
      wanted = MediaType.parseMediaTypes(accept);
    } catch (InvalidMediaTypeException e) {
      throw notAcceptable(accept, offered);
    }
    // highest quality first; the order of the header decides between equals (a stable sort keeps it)
    List<MediaType> byQuality = wanted.stream()
        .filter(m -> m.getQualityValue() > 0)
        .sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
        .toList();
    for (MediaType m : byQuality) {
      for (MediaType o : offered) {
        if (m.includes(o)) {
          return o;
        }
      }
    }
    throw notAcceptable(accept, offered);
  }

  private static ErrorResponseException notAcceptable(String accept, List<MediaType> offered) {
    ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.NOT_ACCEPTABLE, "Not acceptable", "Cannot answer in '"
        + accept + "'; this resource is available as " + String.join(" or ", offered.stream().map(MediaType::toString).toList()),
        List.of());
    return new ErrorResponseException(HttpStatus.NOT_ACCEPTABLE, problem, null);
  }
}
