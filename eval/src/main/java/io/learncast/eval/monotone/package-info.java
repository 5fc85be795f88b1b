/** Where learning is monotone in a knob, read off a corpus without a model (what a monotone constraint may assume). */
package io.learncast.eval.monotone;
