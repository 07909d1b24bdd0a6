package orgmap

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

var csvHeader = []string{"huntress_org_id", "huntress_org_name", "kind", "halo_client_id", "halo_client_name", "reason"}

// WriteCSV writes one row per organization and candidate client (an
// organization with several candidates takes several rows, one with none
// takes one row with the client columns empty), under a header row.
// Cells that a spreadsheet would run as a formula are defused.
func WriteCSV(w io.Writer, results []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range results {
		org := []string{strconv.FormatInt(r.Org.ID, 10), defuse(r.Org.Name), r.Kind.String()}
		if len(r.Candidates) == 0 {
			if err := cw.Write(append(org, "", "", defuse(r.Reason))); err != nil {
				return err
			}
		}
		for _, c := range r.Candidates {
			if err := cw.Write(append(org[:3:3], strconv.Itoa(c.ID), defuse(c.Name), defuse(r.Reason))); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a cell from being read as a formula (CSV injection): a cell
// that starts with = + - @, a tab or a carriage return gets a leading
// single quote, which spreadsheets show as text.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
