package steps

import "time"

// NewResult is the result of a step the runner does not run itself, such
// as watch's own step after the five: its status is derived from its
// findings the way every step's is.
func NewResult(id ID, title string, took time.Duration, findings []Finding) Result {
	return Result{Step: id, Title: title, Status: statusOf(findings), Duration: took, Findings: findings}
}
