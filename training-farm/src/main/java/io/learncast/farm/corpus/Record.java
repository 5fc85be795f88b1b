package io.learncast.farm.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of a corpus file: the line it starts on and its fields (JSON values; a CSV cell is text,
 * and an empty cell is no field at all). {@code problem} is set instead when the record could not be
 * read (malformed JSON, a row with the wrong number of cells).
 */
public record Record(long line, ObjectNode fields, RecordError problem) {

    static Record bad(long line, String what, String hint) {
        return new Record(line, null, new RecordError(line, null, what, hint));
    }
}
