package io.learncast.app.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** One page of the runs that match a filter ({@code GET /v1/runs}, the dashboard's run table), each run as {@code R}. */
@JsonPropertyOrder(alphabetic = true) // the order these pages had as sorted maps
public record RunPage<R>(@JsonProperty("total") long total, @JsonProperty("limit") int limit, @JsonProperty("offset") int offset,
                         @JsonProperty("runs") List<R> runs) {}
