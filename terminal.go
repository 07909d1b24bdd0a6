package main

// Imported for its init alone: it declares the terminal's background before
// Bubble Tea's init would ask the terminal for it, which held the first
// frame for 5 s on terminals that never answer. See package earlyterm.
import _ "earlyterm.invalid"
