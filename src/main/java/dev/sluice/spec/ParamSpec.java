package dev.sluice.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A declared request parameter: where it comes from and the rules its value must meet.
 *
 * <pre>
 * params:
 *   id:    {in: path, type: integer, minimum: 1}
 *   limit: {in: query, type: integer, default: 20, maximum: 100}
 *   email: {in: body, pointer: /email, type: string, required: true, max-length: 254}
 *   ids:   {in: query, name: id, type: integer, array: true}
 * </pre>
 *
 * @param name the parameter's name, as SQL refers to it ({@code :name})
 * @param in where the value is read from
 * @param source the query parameter or header name, the JSON pointer into the body, or the claim
 *     name (defaults to {@code name}; for {@code body}, to {@code /name})
 * @param array true when the value is a list ({@code = ANY(:ids)}): repeated query parameters, a
 *     comma-separated header, or a JSON array
 * @param required a missing value is a 400 (path parameters are always required)
 * @param defaultValue used when the value is missing (JSON as written in the route file)
 */
public record ParamSpec(
    String name,
    ParamLocation in,
    String source,
    ParamType type,
    boolean array,
    boolean required,
    Optional<JsonNode> defaultValue,
    Optional<BigDecimal> minimum,
    Optional<BigDecimal> maximum,
    Optional<Pattern> pattern,
    List<JsonNode> enumValues,
    OptionalInt minLength,
    OptionalInt maxLength,
    Origin origin) {
  public ParamSpec {
    enumValues = List.copyOf(enumValues);
  }
}
