/**
 * The rules of the standard playbook, each on the skeleton {@link org.jfrtriage.rules.playbook.PlaybookRule}
 * (shared evaluation; a rule keeps its candidates, measures and words), and the helpers they share: names for
 * sites and stacks, which waits may be judged, lock advice.
 *
 * <p>Owns: what each rule looks for and says. Must not touch: reading, rendering, or another rule's state.
 */
package org.jfrtriage.rules.playbook;
