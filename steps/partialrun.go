package steps

// A run that checks only some steps (Config.Only): which of its results are
// real, and how its facts combine with an earlier run's. Whoever builds one
// picture of a setup from many partial runs (the wizard does, a step at a
// time) asks these two questions, answered here next to the scheduling and
// ownership rules they come from.

// Runs reports whether Run checks step id under c: it was asked for, or a
// step that was asked for needs it. A step that does not run still has a
// result in the Report ("Not checked: this run asked only for other steps"),
// which says nothing about the step itself.
func (c Config) Runs(id ID) bool { return neededSteps(c)[id] }

// MergeStep copies into f the facts that step owns, taken from a later run's
// facts.
func (f *Facts) MergeStep(step ID, from Facts) { f.merge(step, from) }
