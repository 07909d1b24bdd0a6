package steps

// What the wizard needs to keep one picture of the setup across many runs,
// each of which checks only some steps: which results of a run are real and
// which facts a step owns. Both answers live here, next to the scheduling
// and ownership rules they come from, so the wizard does not restate them.

// Runs reports whether Run checks step id under c: it was asked for, or a
// step that was asked for needs it. A step that does not run still has a
// result in the Report ("Not checked: this run asked only for other steps"),
// which says nothing about the step itself.
func (c Config) Runs(id ID) bool { return neededSteps(c)[id] }

// MergeStep copies into f the facts that step owns, taken from a later run's
// facts.
func (f *Facts) MergeStep(step ID, from Facts) { f.merge(step, from) }
