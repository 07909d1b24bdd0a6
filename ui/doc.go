// Package ui is halowiz's interactive wizard: a Bubble Tea program (and a
// plain, line-by-line variant for screen readers) that walks an MSP's admin
// through the Huntress HaloPSA setup one step at a time, runs the checks of
// each step live and shows what they found and how to fix it.
//
// It renders and navigates, nothing more. Every pass or fail, every finding
// and every line of fix text comes from package steps, through Deps.Check;
// every network call happens inside that function, under the context the
// wizard cancels when the admin quits. ui must never import net/http or the
// Halo client, never decide a status, never rephrase a fix, never block in
// Update or View (all I/O is a tea.Cmd) and never show or write a secret.
package ui
