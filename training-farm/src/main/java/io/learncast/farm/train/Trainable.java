package io.learncast.farm.train;

import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.Collection;

/**
 * What learncast's trainers can train, checked before anything is stored: a config no trainer can honour is refused at
 * the door (the CLI before its store is opened, the queue before its transaction), never queued to fail on a worker.
 * A forecast may still ask about such a config — it describes runs trained elsewhere.
 */
public final class Trainable {
    private Trainable() {}

    /** The refusal of the first config of {@code configs} that no trainer can train (where: the knob's key), or null. */
    public static UserError refusal(Collection<RunConfig> configs) {
        for (RunConfig c : configs) {
            if (!c.optim().dropLast().on()) { // a full batch has none to keep: OptimConfig reads it as on
                return new UserError(KnobCatalogue.DROP_LAST.key(), "learncast's trainers drop an epoch's incomplete last batch, so they cannot train "
                        + "drop_last off (it describes runs trained elsewhere that kept it, as PyTorch's DataLoader does by default)",
                        "leave drop_last on (the default); bring runs trained elsewhere in with `learncast corpus import`");
            }
        }
        return null;
    }

    public static void require(Collection<RunConfig> configs) {
        UserError e = refusal(configs);
        if (e != null) throw e;
    }
}
