/** Workers: claim runs from the store, keep their leases alive, train them and record the results. */
package io.learncast.farm.worker;
