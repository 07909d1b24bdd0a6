package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key the wizard answers to. Letter keys act only when no
// text field has the cursor: there they are typed. Ctrl+R re-checks
// everything even while typing.
type KeyMap struct {
	Continue   key.Binding
	Back       key.Binding
	StopWait   key.Binding
	Retry      key.Binding
	Skip       key.Binding
	Help       key.Binding
	Quit       key.Binding
	RecheckAll key.Binding
	Evidence   key.Binding
	Edit       key.Binding
	NextField  key.Binding
	PrevField  key.Binding
	Up         key.Binding
	Down       key.Binding
	PageUp     key.Binding
	PageDown   key.Binding
	Copy       key.Binding
	Filter     key.Binding
	Orgs       key.Binding
	Pick       key.Binding
	Clear      key.Binding
	Export     key.Binding
	Yes        key.Binding
	No         key.Binding
	Finish     key.Binding
}

// DefaultKeyMap is the key map the wizard ships with.
func DefaultKeyMap() *KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return &KeyMap{
		Continue:   b([]string{"enter"}, "enter", "continue"),
		Back:       b([]string{"esc", "shift+tab"}, "esc/⇧tab", "back"),
		StopWait:   b([]string{"esc"}, "esc", "stop waiting"),
		Retry:      b([]string{"r"}, "r", "retry the check"),
		Skip:       b([]string{"s"}, "s", "skip this step"),
		Help:       b([]string{"?"}, "?", "help"),
		Quit:       b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		RecheckAll: b([]string{"R", "ctrl+r"}, "R/ctrl+r", "re-check all"),
		Evidence:   b([]string{"v"}, "v", "show/hide evidence"),
		Edit:       b([]string{"e", "tab"}, "e/tab", "edit"),
		NextField:  b([]string{"tab", "down"}, "tab/↓", "next field"),
		PrevField:  b([]string{"up"}, "↑", "previous field"),
		Up:         b([]string{"up", "k"}, "↑/k", "up"),
		Down:       b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:     b([]string{"pgup"}, "pgup", "page up"),
		PageDown:   b([]string{"pgdown"}, "pgdn", "page down"),
		Copy:       b([]string{"c"}, "c", "copy values (OSC 52)"),
		Filter:     b([]string{"/"}, "/", "filter"),
		Orgs:       b([]string{"o"}, "o", "review organizations"),
		Pick:       b([]string{"enter"}, "enter", "pick a Halo client"),
		Clear:      b([]string{"x", "delete"}, "x", "clear the mapping"),
		Export:     b([]string{"w"}, "w", "export CSV"),
		Yes:        b([]string{"y"}, "y", "yes, send it"),
		No:         b([]string{"n", "esc"}, "n/esc", "no"),
		Finish:     b([]string{"enter", "q"}, "enter/q", "finish"),
	}
}

// global are the keys every screen answers to, for the help overlay.
func (k *KeyMap) global() []key.Binding {
	return []key.Binding{k.Continue, k.Back, k.Retry, k.Skip, k.RecheckAll, k.Evidence, k.Help, k.Quit}
}

// scrolling are the keys that move through a long page.
func (k *KeyMap) scrolling() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown}
}
