package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.data.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code learncast tasks}: the property library's tasks and their parameters. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the tasks and their parameters.")
final class TasksCommand implements Runnable {
    @Spec CommandSpec spec;

    @Mixin JsonOption json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            List<TaskJson> list = new ArrayList<>();
            for (TaskCatalog.Definition d : TaskCatalog.all()) {
                List<ParamJson> params = new ArrayList<>();
                for (TaskCatalog.Param p : d.params()) params.add(new ParamJson(p.name(), p.meaning(), p.allowed(), p.defaultValue()));
                list.add(new TaskJson(d.name(), d.description(), d.finite(), TaskCatalog.example(d), params));
            }
            Console.json(out, list);
            return;
        }
        for (TaskCatalog.Definition d : TaskCatalog.all()) {
            out.println(d.name() + " — " + d.description());
            for (TaskCatalog.Param p : d.params()) {
                out.println("    " + p.name() + ": " + p.meaning() + "; " + p.allowed() + (p.defaultValue() != null ? " (default " + p.defaultValue() + ")" : ""));
            }
            out.println("    example: --task " + TaskCatalog.example(d) + (d.finite() ? "  (finite: use --train-frac)" : "  (sampled: use --n-train)"));
        }
        out.println();
        out.println("A property is task + metric + threshold; the default is test accuracy ≥ 0.95, reached and held at the next evaluation.");
        out.flush();
    }

    /** A task as {@code tasks --json} prints it (fields in the order they had as sorted maps). */
    @JsonPropertyOrder(alphabetic = true)
    record TaskJson(@JsonProperty("name") String name, @JsonProperty("description") String description, @JsonProperty("finite") boolean finite,
                    @JsonProperty("example") String example, @JsonProperty("params") List<ParamJson> params) {}

    /** One of a task's parameters; {@code default} is null when it has none. */
    @JsonPropertyOrder(alphabetic = true)
    record ParamJson(@JsonProperty("name") String name, @JsonProperty("meaning") String meaning, @JsonProperty("allowed") String allowed,
                     @JsonProperty("default") String defaultValue) {}
}
