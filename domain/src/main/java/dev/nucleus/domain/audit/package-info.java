/** The audit log's records: every security-relevant step of a launch, with commands redacted. */
package dev.nucleus.domain.audit;
