package ui

import (
	"context"
	"time"
)

// Common is what every part of the wizard shares, in the soft-serve style:
// the terminal size, the styles, the key map, the context that ends when the
// wizard does, and the clock.
type Common struct {
	Ctx    context.Context
	Width  int
	Height int
	Styles *Styles
	Keys   *KeyMap
	Now    func() time.Time
	// Static freezes everything that moves on its own (the spinner, the
	// blinking cursor), so that golden tests capture the same frame on
	// every run.
	Static bool
	// Plain is the accessible rendering: pages leave out their interactive
	// widgets (fields, lists, spinners), whose questions the accessible
	// mode asks as prompts instead.
	Plain bool
}

// contentWidth is the width text wraps at: the terminal's, less a margin,
// within sensible bounds.
func (c *Common) contentWidth() int {
	w := c.Width - 2
	if w < 30 {
		return 30
	}
	return min(w, 110)
}
