/**
 * Playbook step 4, "did the fix work?": two triages compared finding by finding (moved, resolved, new, better,
 * worse, with a noise floor), after checking the two recordings are comparable at all.
 *
 * <p>Must not touch: reading or rendering; it compares triages, never recordings.
 */
package org.jfrtriage.rules.compare;
