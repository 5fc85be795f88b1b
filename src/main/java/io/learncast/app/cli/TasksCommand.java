package io.learncast.app.cli;

import io.learncast.data.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code learncast tasks}: the property library's tasks and their parameters. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the tasks and their parameters.")
final class TasksCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (TaskCatalog.Definition d : TaskCatalog.all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", d.name());
                m.put("description", d.description());
                m.put("finite", d.finite());
                m.put("example", TaskCatalog.example(d));
                List<Map<String, Object>> params = new ArrayList<>();
                for (TaskCatalog.Param p : d.params()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("name", p.name());
                    pm.put("meaning", p.meaning());
                    pm.put("allowed", p.allowed());
                    pm.put("default", p.defaultValue());
                    params.add(pm);
                }
                m.put("params", params);
                list.add(m);
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
}
