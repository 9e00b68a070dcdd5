/**
 * The container lifecycle as a state machine whose states are types: each state offers only
 * the transitions the lifecycle allows from it, so an illegal transition does not compile.
 */
package dev.nucleus.domain.lifecycle;
