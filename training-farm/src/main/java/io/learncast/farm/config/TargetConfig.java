package io.learncast.farm.config;

import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskSpec;

/**
 * What a run is trained to learn: the task (stored in its canonical spelling) and the property's metric,
 * threshold and hold.
 */
public record TargetConfig(String task, Metric metric, double threshold, int hold) {
    public TargetConfig {
        if (task == null || task.isBlank()) throw new UserError("task", "no task given", "e.g. modadd:p=97");
        TaskSpec spec = TaskSpec.parse(task, "task");
        task = spec.canonical();
        if (metric == null) metric = Metric.TEST_ACC;
        new Property(spec, metric, threshold, hold); // validates threshold and hold
    }

    public Property property() { return new Property(TaskSpec.parse(task, "task"), metric, threshold, hold); }
}
