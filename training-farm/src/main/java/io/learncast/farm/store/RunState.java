package io.learncast.farm.store;

/** Where a run is in the queue. Imported runs are DONE from the start and never claimed. */
public enum RunState { QUEUED, RUNNING, DONE, FAILED }
