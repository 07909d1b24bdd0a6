package orgmap

import (
	"encoding/csv"
	"halowiz/scrub"
	"io"
	"strconv"
)

var csvHeader = []string{"huntress_org_id", "huntress_org_name", "kind", "halo_client_id", "halo_client_name", "reason"}

// WriteCSV writes one row per organization and candidate client (an
// organization with several candidates takes several rows, one with none
// takes one row with the client columns empty), under a header row.
// Every cell from Halo or Huntress passes scrub.CSVCell: no control
// character or escape sequence survives, and no cell runs as a formula.
func WriteCSV(w io.Writer, results []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range results {
		org := []string{strconv.FormatInt(r.Org.ID, 10), scrub.CSVCell(r.Org.Name), r.Kind.String()}
		if len(r.Candidates) == 0 {
			if err := cw.Write(append(org, "", "", scrub.CSVCell(r.Reason))); err != nil {
				return err
			}
		}
		for _, c := range r.Candidates {
			if err := cw.Write(append(org[:3:3], strconv.Itoa(c.ID), scrub.CSVCell(c.Name), scrub.CSVCell(r.Reason))); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
