package io.learncast.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.learncast.farm.store.Store;
import io.learncast.forecast.judge.JudgeRegistry;
import io.learncast.forecast.judge.Judges;
import io.learncast.forecast.judge.NpzReader;
import io.learncast.forecast.judge.WeightFile;

import java.util.Iterator;
import java.util.Set;

/**
 * {@code POST /v1/judge}: the judge, as {@code learncast judge --json} answers. Either a JSON body
 * {@code {"run": 42, "step": 500}} (a stored run; step optional) or an {@code .npz} body
 * ({@code Content-Type: application/octet-stream} or {@code application/zip}) with {@code ?task=modadd:p=23}.
 * A bad file is a 400 naming what is wrong, as the command's exit 2; the weights are read in memory, never
 * written, and never unpickled.
 */
final class JudgeEndpoint {
    private static final Set<String> JSON_FIELDS = Set.of("run", "step");

    private final Store store;

    JudgeEndpoint(Store store) {
        this.store = store;
    }

    Judges.Result answer(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) throw HttpError.badField("body", "empty; send {\"run\": ID} or an .npz with ?task=TASK");
        if (type.startsWith("application/octet-stream") || type.startsWith("application/zip")) {
            String task = ctx.queryParam("task");
            if (task == null || task.isBlank() || task.length() > 400) throw HttpError.badField("task", "an .npz needs ?task=, e.g. ?task=modadd:p=23");
            var measures = WeightFile.measure(NpzReader.read(body, "body", "body"), task, "body");
            return Judges.ofWeights(judge(), "posted weights (" + task + ")", measures);
        }
        if (body.length > ApiRoutes.MAX_BODY) throw new HttpError(413, "body", "the request body is larger than " + ApiRoutes.MAX_BODY + " bytes");
        JsonNode n;
        try {
            n = Json.read(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badField("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw HttpError.badField("body", "unreadable (" + e.getMessage() + ")");
        }
        if (!n.isObject()) throw HttpError.badField("body", "send a JSON object, e.g. {\"run\": 42}");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!JSON_FIELDS.contains(f)) throw HttpError.badField(f, "unknown field; allowed: run, step");
        }
        if (!n.hasNonNull("run") || !n.get("run").canConvertToLong() || !n.get("run").isIntegralNumber()) throw HttpError.badField("run", "a run id (an integer)");
        Long step = null;
        if (n.hasNonNull("step")) {
            if (!n.get("step").isIntegralNumber() || !n.get("step").canConvertToLong()) throw HttpError.badField("step", "an evaluation step (an integer)");
            step = n.get("step").longValue();
        }
        return Judges.ofRun(store, judge(), n.get("run").longValue(), step);
    }

    private JudgeRegistry.Loaded judge() {
        if (store.models().active(JudgeRegistry.KIND).isEmpty()) throw new HttpError(503, null, "no judge has been fitted in this store; run `learncast judge fit`");
        return JudgeRegistry.require(store);
    }
}
