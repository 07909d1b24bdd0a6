// Package ui is halowiz's interactive wizard: it walks an MSP's admin
// through the Huntress HaloPSA setup one step at a time, runs the checks of
// each step live and shows what they found and how to fix it.
//
// One walk, two renderings. The wizard is a set of pages (pages.go: the
// page interface and the table of pages, their steps, numbers, titles and
// skip warnings) that share one wizard state and one walk (walk.go). The
// full-screen Model (model.go, frame.go) draws the active page in a frame
// and forwards to it what it does not handle itself; the accessible mode
// (accessible.go) drives the same Model, says each page as plain lines, asks
// what a page needs with huh's accessible prompts and offers the page's keys
// as a numbered choice. A page's words and questions are written once, for
// both.
//
// It renders and navigates, nothing more. Every pass or fail, every finding,
// every line of fix text and every Halo instruction comes from package
// steps; every network call happens inside Deps.Check, under the context
// the wizard cancels when the admin quits. ui must never import net/http,
// the Halo client or the keystore, never decide a status, never rephrase a
// fix, never block in Update or View (all I/O is a tea.Cmd), never show or
// write a secret, and never show a tenant's text without scrub.
package ui
