package io.learncast.farm.store;

import java.util.List;
import java.util.Optional;

/** Fitted models with their artifacts and provenance; older artifacts stay loadable. */
public interface ModelRegistry {

    /** Registers a model; when {@code activate}, it becomes the active model of its kind. */
    long register(NewModel model, boolean activate);

    Optional<ModelRecord> active(String kind);

    Optional<ModelRecord> get(long id);

    byte[] artifact(long id);

    List<ModelRecord> list(String kind);

    void activate(long id);
}
