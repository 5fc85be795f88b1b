/** The {@code learncast} subcommands and the options they share. */
package io.learncast.app.cli;
