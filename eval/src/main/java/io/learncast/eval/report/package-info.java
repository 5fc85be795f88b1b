/**
 * The offline HTML report: charts drawn with JFreeChart into PNGs embedded in the page as data URIs,
 * so one file opens anywhere without a network.
 */
package io.learncast.eval.report;
