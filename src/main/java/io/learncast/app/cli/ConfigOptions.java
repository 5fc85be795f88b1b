package io.learncast.app.cli;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags that describe one run (shared by {@code train} and {@code forecast}): one per catalogue knob
 * ({@code --label-noise} for {@code label_noise}), plus {@code --seed} (the replica) and {@code --master-seed}.
 * They are added to a command when the command line is built ({@link #installAll}), so a new knob gets its
 * flag, help text and error location from its declaration alone.
 */
public final class ConfigOptions {
    private final Map<Knob<?>, Object> given = new LinkedHashMap<>();
    private Integer replica;
    private Long masterSeed;

    /** A command that takes the config flags. */
    interface Host {
        ConfigOptions configOptions();

        /** A heading to group the flags under (and make them optional as a group, --task required within it), or null. */
        default String configHeading() { return null; }
    }

    /** Adds the config flags to every command of the tree that takes them. */
    static void installAll(CommandLine cl) {
        if (cl.getCommand() instanceof Host h) h.configOptions().addTo(cl.getCommandSpec(), h.configHeading());
        for (CommandLine sub : cl.getSubcommands().values()) installAll(sub);
    }

    private void addTo(CommandSpec cmd, String heading) {
        List<OptionSpec> opts = new ArrayList<>();
        for (Knob<?> k : KnobCatalogue.all()) {
            Class<?> type = switch (k.type()) {
                case INT -> k.fullMeansZero() ? String.class : Integer.class;
                case LONG -> Long.class;
                case REAL -> Double.class;
                default -> String.class;
            };
            String def = k.defaultText();
            String help = k.help().endsWith(".") ? k.help().substring(0, k.help().length() - 1) : k.help();
            OptionSpec.Builder b = OptionSpec.builder(k.flag()).type(type).description(help + (def == null ? "." : " (default " + def + ")."))
                    .required(k == KnobCatalogue.TASK).setter(setter(v -> { if (v == null) given.remove(k); else given.put(k, v); }))
                    .getter(getter(() -> given.get(k)));
            b.paramLabel(k.paramLabel() != null ? k.paramLabel() : "<" + k.key() + ">");
            if (k.flagAlone() != null) b.arity("0..1").fallbackValue(k.flagAlone());
            opts.add(b.build());
        }
        opts.add(OptionSpec.builder("--seed").type(Integer.class).paramLabel("<replica>")
                .description("Replica number; the run's seed is derived from it, the master seed and the config (default 0).")
                .setter(setter(v -> replica = (Integer) v)).getter(getter(() -> replica)).build());
        opts.add(OptionSpec.builder("--master-seed").type(Long.class).paramLabel("<masterSeed>").description("Master seed (default " + Seeds.DEFAULT_MASTER + ").")
                .setter(setter(v -> masterSeed = (Long) v)).getter(getter(() -> masterSeed)).build());
        if (heading == null) {
            for (OptionSpec o : opts) cmd.addOption(o);
        } else {
            ArgGroupSpec.Builder g = ArgGroupSpec.builder().exclusive(false).multiplicity("0..1").heading(heading);
            for (OptionSpec o : opts) g.addArg(o);
            cmd.addArgGroup(g.build());
        }
    }

    private static CommandLine.Model.ISetter setter(java.util.function.Consumer<Object> sink) {
        return new CommandLine.Model.ISetter() {
            @Override public <T> T set(T value) {
                sink.accept(value);
                return null;
            }
        };
    }

    private static CommandLine.Model.IGetter getter(java.util.function.Supplier<Object> source) {
        return new CommandLine.Model.IGetter() {
            @SuppressWarnings("unchecked")
            @Override public <T> T get() { return (T) source.get(); }
        };
    }

    /** Whether any config flag was given. */
    public boolean any() { return !given.isEmpty() || replica != null || masterSeed != null; }

    /** The validated config these flags describe; every problem names its flag. */
    public RunConfig toConfig() {
        try {
            Object task = given.get(KnobCatalogue.TASK);
            if (task == null) throw new UserError(KnobCatalogue.TASK.flag(), "no task given", "e.g. " + KnobCatalogue.TASK.flag() + " modadd:p=97");
            TaskSpec spec = TaskCatalog.validate(TaskSpec.parse((String) task, KnobCatalogue.TASK.flag()), KnobCatalogue.TASK.flag());
            KnobValues v = KnobValues.empty();
            for (Map.Entry<Knob<?>, Object> e : given.entrySet()) v = v.input(e.getKey(), e.getValue(), e.getKey().flag());
            v = v.with(KnobCatalogue.TASK, spec.canonical());
            return RunConfig.from(v, List.of(), 0, 0).withReplica(masterSeed == null ? Seeds.DEFAULT_MASTER : masterSeed, replica == null ? 0 : replica);
        } catch (UserError e) {
            throw KnobCatalogue.toFlag(e);
        }
    }
}
