package halotest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// Halo's own OpenAPI document (a copy of the shared reference, gzipped,
// because CI has only this repository). Its component schemas are complete
// and closed (additionalProperties: false); its responses are empty, so
// answers are checked against the component schema of each object.
//
// The document's parameters use types OpenAPI does not have ("int",
// "bool"), so it is never validated as a whole. Loading all 3.6 MB takes
// seconds under -race, so the tests load the schemas they check, everything
// those refer to, and the two operations whose request bodies they check.
const specFile = "testdata/halo-openapi-2024.json.gz"

// answerSchemas are the component schemas the tenant's objects must match.
var answerSchemas = []string{
	"Uname", "RequestType", "RequestType_List", "TStatus", "Area", "Site", "Users", "Faults", "Lookup", "Actions",
}

// requestOperations are the operations whose request bodies are checked.
var requestOperations = []string{"/Tickets", "/Actions"}

var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	gz, err := os.ReadFile(specFile)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specFile, err)
	}
	full, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specFile, err)
	}
	small, err := pruneSpec(full)
	if err != nil {
		return nil, err
	}
	var doc openapi3.T
	if err := json.Unmarshal(small, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", specFile, err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(&doc, nil); err != nil {
		return nil, fmt.Errorf("resolve %s: %w", specFile, err)
	}
	// VisitJSON wants schemas that passed Validate.
	for _, name := range answerSchemas {
		if err := doc.Components.Schemas[name].Value.Validate(context.Background()); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
	}
	return &doc, nil
})

// pruneSpec keeps, unchanged, the answer schemas with every schema they
// refer to and the POST operations of requestOperations.
func pruneSpec(full []byte) ([]byte, error) {
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Info       any                                  `json:"info"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(full, &doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", specFile, err)
	}
	keep := map[string]any{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if _, seen := keep[name]; !seen {
					keep[name] = doc.Components.Schemas[name]
					walk(keep[name])
				}
			}
			for _, child := range v {
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	paths := map[string]any{}
	for _, p := range requestOperations {
		post := doc.Paths[p]["post"]
		paths[p] = map[string]any{"post": post}
		walk(post)
	}
	for _, name := range answerSchemas {
		walk(map[string]any{"$ref": "#/components/schemas/" + name})
	}
	return json.Marshal(map[string]any{"openapi": doc.OpenAPI, "info": doc.Info, "paths": paths,
		"components": map[string]any{"schemas": keep}})
}

func spec(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := loadSpec()
	if err != nil {
		t.Fatalf("load Halo's OpenAPI document: %v", err)
	}
	return doc
}

// visitOptions check formats (date-time, uuid, int32) too, and name the
// failing property by its JSON pointer instead of printing the schema, which
// for Faults is hundreds of lines.
func visitOptions(asRequest bool) []openapi3.SchemaValidationOption {
	opts := []openapi3.SchemaValidationOption{
		openapi3.EnableFormatValidation(),
		openapi3.MultiErrors(),
		openapi3.SetSchemaErrorMessageCustomizer(func(e *openapi3.SchemaError) string {
			return "/" + strings.Join(e.JSONPointer(), "/") + ": " + e.Reason
		}),
	}
	if asRequest {
		return append(opts, openapi3.VisitAsRequest())
	}
	return append(opts, openapi3.VisitAsResponse())
}

// checkSchema validates a decoded JSON value against components/schemas/name.
func checkSchema(doc *openapi3.T, name string, value any) error {
	ref, ok := doc.Components.Schemas[name]
	if !ok {
		return fmt.Errorf("no component schema %q", name)
	}
	if err := ref.Value.VisitJSON(value, visitOptions(false)...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// checkRequestBody validates body, as a client sent it, against the JSON
// request body schema of POST path ("/Tickets", "/Actions"; no /api).
func checkRequestBody(doc *openapi3.T, path string, body []byte) error {
	item := doc.Paths.Value(path)
	if item == nil || item.Post == nil || item.Post.RequestBody == nil {
		return fmt.Errorf("no POST %s request body in the document", path)
	}
	media := item.Post.RequestBody.Value.Content.Get("application/json")
	if media == nil {
		return errors.New("no application/json request body for POST " + path)
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return fmt.Errorf("POST %s body is not JSON: %w", path, err)
	}
	if err := media.Schema.Value.VisitJSON(value, visitOptions(true)...); err != nil {
		return fmt.Errorf("POST %s body: %w", path, err)
	}
	return nil
}
