package io.learncast.app.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The HTTP error body of the API and the dashboard: what is wrong, and the field it is about when there is one (absent otherwise). */
public record ErrorJson(@JsonProperty("error") String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("field") String field) {}
