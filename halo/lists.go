package halo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// listRows finds the rows of a list answer. Halo answers some lists as a
// plain JSON array and wraps others in an object such as
// {"record_count": 5000, "clients": [...]}; both are accepted. The rows are
// the array under key, or the object's only array. count is record_count,
// or -1 when the answer gives none.
func listRows(body []byte, key string) (rows json.RawMessage, count int, err error) {
	t := bytes.TrimSpace(body)
	switch {
	case bytes.Equal(t, []byte("null")):
		return json.RawMessage("[]"), -1, nil
	case len(t) > 0 && t[0] == '[':
		return t, -1, nil
	case len(t) == 0 || t[0] != '{':
		return nil, 0, errors.New("neither a JSON list nor an object holding one")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(t, &obj); err != nil {
		return nil, 0, err
	}
	count = -1
	var lists []string
	for k, v := range obj {
		if strings.EqualFold(k, "record_count") {
			var n FlexInt
			if json.Unmarshal(v, &n) == nil {
				count = int(n)
			}
		}
		v = bytes.TrimSpace(v)
		switch {
		case len(v) > 0 && v[0] == '[':
			lists = append(lists, k)
		case strings.EqualFold(k, key) && !bytes.Equal(v, []byte("null")):
			// The list named, as a sentence or a number: an answer that
			// makes no sense, not an empty list.
			return nil, 0, fmt.Errorf("%q is not a list", k)
		}
	}
	for _, k := range lists {
		if strings.EqualFold(k, key) {
			return obj[k], count, nil
		}
	}
	switch {
	case len(lists) == 1:
		return obj[lists[0]], count, nil
	case len(lists) == 0 && count >= 0: // {"record_count": 0}: nothing to list
		return json.RawMessage("[]"), count, nil
	}
	slices.Sort(lists)
	return nil, 0, fmt.Errorf("no single list in the answer (lists found: %q)", lists)
}

// decodeList decodes the rows of a list answer into []T. count falls back
// to the number of rows when Halo gives no record_count.
func decodeList[T any](ctx context.Context, c *Client, r request, a answer, key string) (out []T, count int, err error) {
	rows, count, err := listRows(a.body, key)
	if err == nil {
		err = json.Unmarshal(rows, &out)
	}
	if err != nil {
		return nil, 0, c.undecodable(ctx, r, a, err)
	}
	if count < 0 {
		count = len(out)
	}
	return out, count, nil
}

// getList sends r and decodes its list answer.
func getList[T any](ctx context.Context, c *Client, r request, key string) ([]T, int, error) {
	a, err := c.send(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	return decodeList[T](ctx, c, r, a, key)
}

// getOne sends r and decodes its answer into a T.
func getOne[T any](ctx context.Context, c *Client, r request) (T, error) {
	var v T
	err := c.getJSON(ctx, r, &v)
	return v, err
}

// getValid is getOne for an answer that makes sense only when valid says
// so: one that decodes but fails it is a *DecodeError with the body, not a
// record to draw conclusions from.
func getValid[T any](ctx context.Context, c *Client, r request, valid func(T) error) (T, error) {
	var v T
	err := c.getChecked(ctx, r, &v, func() error {
		err := valid(v)
		if err != nil {
			var zero T
			v = zero // what fails valid is not returned
		}
		return err
	})
	return v, err
}

// postOne sends a one-element array and decodes Halo's answer, which is the
// record itself or, with some versions and options, a one-element array.
func postOne[T any](ctx context.Context, c *Client, r request) (T, error) {
	var one T
	a, err := c.send(ctx, r)
	if err != nil {
		return one, err
	}
	if t := bytes.TrimSpace(a.body); len(t) > 0 && t[0] == '[' {
		var list []T
		if err := json.Unmarshal(t, &list); err != nil {
			return one, c.undecodable(ctx, r, a, err)
		}
		if len(list) != 1 {
			return one, c.decodeError(r, a, fmt.Errorf("%d records where one was expected", len(list)))
		}
		return list[0], nil
	}
	return one, c.decode(ctx, r, a, &one)
}
