package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every key the wizard answers to, and the only place a key is
// named: pages match keys and describe them through these bindings, so the
// help and what the keys do cannot disagree. Letter keys act only when no
// text field has the cursor: there they are typed. Ctrl+R re-checks
// everything even while typing.
type KeyMap struct {
	Continue         key.Binding
	Back             key.Binding
	StopWait         key.Binding
	Retry            key.Binding
	Skip             key.Binding
	Help             key.Binding
	CloseHelp        key.Binding
	HelpScroll       key.Binding
	Quit             key.Binding
	RecheckAll       key.Binding
	RecheckAllTyping key.Binding
	Evidence         key.Binding
	Edit             key.Binding
	DoneTyping       key.Binding
	NextField        key.Binding
	PrevField        key.Binding
	NextZone         key.Binding
	PrevZone         key.Binding
	Reveal           key.Binding
	Up               key.Binding
	Down             key.Binding
	PrevItem         key.Binding
	NextItem         key.Binding
	Choose           key.Binding
	PageUp           key.Binding
	PageDown         key.Binding
	Copy             key.Binding
	Filter           key.Binding
	FilterDone       key.Binding
	Orgs             key.Binding
	Pick             key.Binding
	Cancel           key.Binding
	Clear            key.Binding
	Export           key.Binding
	Yes              key.Binding
	No               key.Binding
	Finish           key.Binding
	Tick             key.Binding
}

// DefaultKeyMap is the key map the wizard ships with.
func DefaultKeyMap() *KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return &KeyMap{
		Continue:         b([]string{"enter"}, "enter", "continue"),
		Back:             b([]string{"esc", "shift+tab"}, "esc/⇧tab", "back"),
		StopWait:         b([]string{"esc"}, "esc", "stop waiting"),
		Retry:            b([]string{"r"}, "r", "retry the check"),
		Skip:             b([]string{"s"}, "s", "skip this step"),
		Help:             b([]string{"?"}, "?", "help"),
		CloseHelp:        b([]string{"esc", "?"}, "esc/?", "close help"), // any key but the scrolling ones closes it too
		HelpScroll:       b([]string{"up", "down", "pgup", "pgdown"}, "↑/↓/pgup/pgdn", "scroll"),
		Quit:             b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		RecheckAll:       b([]string{"R", "ctrl+r"}, "R/ctrl+r", "re-check all"),
		RecheckAllTyping: b([]string{"ctrl+r"}, "ctrl+r", "re-check all"),
		Evidence:         b([]string{"v"}, "v", "show/hide evidence"),
		Edit:             b([]string{"e", "tab"}, "e/tab", "edit"),
		DoneTyping:       b([]string{"tab"}, "tab", "done typing"),
		NextField:        b([]string{"tab", "down"}, "tab/↓", "next field"),
		PrevField:        b([]string{"up", "shift+tab"}, "↑/⇧tab", "previous field"),
		NextZone:         b([]string{"tab"}, "tab", "next"),
		PrevZone:         b([]string{"shift+tab"}, "⇧tab", "previous"),
		Reveal:           b([]string{"ctrl+t"}, "ctrl+t", "show/hide secret"),
		Up:               b([]string{"up", "k"}, "↑/k", "up"),
		Down:             b([]string{"down", "j"}, "↓/j", "down"),
		PrevItem:         b([]string{"up"}, "↑", "previous"),
		NextItem:         b([]string{"down"}, "↓", "next"),
		Choose:           b([]string{"up", "down"}, "↑/↓", "choose"),
		PageUp:           b([]string{"pgup"}, "pgup", "page up"),
		PageDown:         b([]string{"pgdown"}, "pgdn", "page down"),
		Copy:             b([]string{"c"}, "c", "copy values (OSC 52)"),
		Filter:           b([]string{"/"}, "/", "filter"),
		FilterDone:       b([]string{"enter", "esc"}, "enter/esc", "done filtering"),
		Orgs:             b([]string{"o"}, "o", "review organizations"),
		Pick:             b([]string{"enter"}, "enter", "pick a Halo client"),
		Cancel:           b([]string{"esc"}, "esc", "cancel"),
		Clear:            b([]string{"x", "delete"}, "x", "clear the mapping"),
		Export:           b([]string{"w"}, "w", "export CSV"),
		Yes:              b([]string{"y"}, "y", "yes, send it"),
		No:               b([]string{"n", "esc"}, "n/esc", "no"),
		Finish:           b([]string{"enter", "q"}, "enter/q", "finish"),
		Tick:             b([]string{" "}, "space", "tick the line"),
	}
}

// global are the keys every screen answers to, for the help overlay.
func (k *KeyMap) global() []key.Binding {
	return []key.Binding{k.Continue, k.Back, k.Retry, k.Skip, k.RecheckAll, k.Evidence, k.Help, k.Quit}
}

// moving are the keys that move through a page and its fields.
func (k *KeyMap) moving() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Edit, k.NextField, k.Reveal}
}

// withHelp is b described for this screen.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// keyPress is the key message of a key as the KeyMap names it.
func keyPress(name string) tea.KeyMsg {
	if t, ok := namedKeys[name]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// namedKeys are the keys with a name rather than a character.
var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
	"space": tea.KeySpace, "ctrl+c": tea.KeyCtrlC, "ctrl+r": tea.KeyCtrlR, "ctrl+t": tea.KeyCtrlT, "backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
}
